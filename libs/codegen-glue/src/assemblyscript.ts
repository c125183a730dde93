/**
 * The AssemblyScript glue, per module of the schema:
 *
 * - `<module>.guest.ts`, the entry file asc builds: the ABI exports and one
 *   export per function the module implements, which hands the user's
 *   function a zero-copy viewer of its argument (codegen-as's `XViewer`, with
 *   the reader it reads through) and a writer for its answer;
 * - `<module>.imports.ts`, when the module imports interfaces: a namespace per
 *   interface whose functions call out to the host or another module.
 *
 * The user writes the implementation, one namespace per interface:
 *
 *   export namespace Physics {
 *     export function Step(world: WorldViewer, r: karmem.Reader, out: karmem.Writer): void { ... }
 *     export function Reset(): void { ... }
 *   }
 */
import { assignNames, type Names } from '@karmem-ts/codegen-as';
import { GeneratedFile, Identifiers, type GeneratedOutput, type GeneratorOptions } from '@karmem-ts/codegen-core';
import type { FunctionLayout, InterfaceLayout, ModuleLayout, SchemaLayout } from '@karmem-ts/layout';
import { refuseModuleNameClashes } from './names';
import { GENERATOR_NAME } from './typescript';

export interface GlueAssemblyScriptOptions extends GeneratorOptions {
  /** Module holding codegen-as's output for the schema, from the generated files. Default `./<schema name>`. */
  readonly typesImport?: string;
  /** The guest runtime. Default `@karmem-ts/runtime-as/assembly`. */
  readonly runtimeImport?: string;
  /** The guest half of the ABI. Default `@karmem-ts/linker/assembly`. */
  readonly abiImport?: string;
  /** Where each module's implementation is, from the generated files. Default `../<module>`. */
  readonly implementation?: (module: string) => string;
}

export function generateGlueAssemblyScript(layout: SchemaLayout, options: GlueAssemblyScriptOptions): GeneratedOutput[] {
  refuseModuleNameClashes(layout);
  const out: GeneratedOutput[] = [];
  const byName = new Map(layout.interfaces.map((i) => [i.name, i] as const));
  const names = assignNames(layout);
  for (const module of layout.modules) {
    out.push(guestFile(layout, names, module, byName, options));
    if (module.imports.length > 0) out.push(importsFile(layout, names, module, byName, options));
  }
  return out;
}

function newFile(path: string, options: GlueAssemblyScriptOptions, layout: SchemaLayout, uses: { types: boolean }): GeneratedFile {
  const file = new GeneratedFile(path, { language: 'assemblyscript', sources: [options.source], generator: GENERATOR_NAME });
  file.importNamespace('karmem', options.runtimeImport ?? '@karmem-ts/runtime-as/assembly');
  file.importNamespace('abi', options.abiImport ?? '@karmem-ts/linker/assembly');
  if (uses.types) file.importNamespace('types', options.typesImport ?? `./${layout.name}`);
  return file;
}

function usesTypes(interfaces: readonly InterfaceLayout[]): boolean {
  return interfaces.some((i) => i.functions.some((f) => f.param !== undefined));
}

function describeFunction(iface: string, fn: FunctionLayout): string {
  return `${iface}.${fn.name}(${fn.param ?? ''})${fn.result ? ` ${fn.result}` : ''}`;
}

/** How the user's function for `fn` is declared. */
function implementationSignature(names: Names, fn: FunctionLayout): string {
  const params: string[] = [];
  if (fn.param) params.push(`arg: ${names.struct(fn.param).viewer}`, 'r: karmem.Reader');
  if (fn.result) params.push('out: karmem.Writer');
  return `${fn.name}(${params.join(', ')}): void`;
}

function guestFile(layout: SchemaLayout, names: Names, module: ModuleLayout, interfaces: Map<string, InterfaceLayout>, options: GlueAssemblyScriptOptions): GeneratedOutput {
  const implemented = module.implements.map((name) => interfaces.get(name)!);
  const path = `${module.name}.guest.ts`;
  const file = newFile(path, options, layout, { types: usesTypes(implemented) });
  const implementation = options.implementation?.(module.name) ?? `../${module.name}`;
  const summary = [
    `Entry file of module ${module.name}${implemented.length > 0 ? `, which implements ${module.implements.join(', ')}` : ''}.`,
    `Build it with \`karmem-ts build\`; the implementation is in ${implementation}.ts.`,
  ];
  if (implemented.length > 0) {
    summary.push('', 'It must export, per interface, a namespace of these functions:');
    for (const iface of implemented) {
      summary.push(`  export namespace ${iface.name} {`);
      for (const fn of iface.functions) summary.push(`    export function ${implementationSignature(names, fn)}`);
      summary.push('  }');
    }
    summary.push('', 'A function given a viewer reads its argument in place through `r`; a function with an', 'answer writes one message into `out` (abi.fail(code >= 64) reports a failure instead).');
  }
  file.lines(summary.map((l) => `// ${l}`.trimEnd()));
  file.blank();
  for (const iface of implemented) file.line(`import { ${iface.name} as impl_${iface.name} } from "${implementation}";`);
  if (implemented.length > 0) file.blank();
  file.line(`export { karmem_abi_version, karmem_frame, karmem_reserve } from "${options.abiImport ?? '@karmem-ts/linker/assembly'}";`);
  for (const iface of implemented) {
    for (const fn of iface.functions) {
      file.blank();
      file.doc([...fn.doc, ...(fn.doc.length > 0 ? [''] : []), `${describeFunction(iface.name, fn)}: the ABI export the linker calls.`]);
      file.block(`export function ${iface.name}_${fn.name}(ptr: usize, len: u32): i32 {`, () => {
        file.line(`${fn.param ? 'const r = ' : ''}abi.argument(ptr, len);`);
        if (fn.result) file.line('const out = abi.result();');
        const args: string[] = [];
        if (fn.param) args.push(`types.view${fn.param}(r)`, 'r');
        if (fn.result) args.push('out');
        file.line(`impl_${iface.name}.${fn.name}(${args.join(', ')});`);
        file.line(fn.result ? 'return abi.finish(out);' : 'return abi.finishEmpty();');
      });
    }
  }
  return { path, content: file.toString() };
}

function importsFile(layout: SchemaLayout, names: Names, module: ModuleLayout, interfaces: Map<string, InterfaceLayout>, options: GlueAssemblyScriptOptions): GeneratedOutput {
  const imported = module.imports.map((i) => interfaces.get(i.interface)!);
  const path = `${module.name}.imports.ts`;
  const file = newFile(path, options, layout, { types: usesTypes(imported) });
  file.lines([
    `// The interfaces module ${module.name} imports, as functions to call. Each call sends one`,
    '// message (written into the argument writer, encoded from an object, or a message this',
    '// module received, forwarded as it is) and gives the answer as a reader over it, in place,',
    '// valid until the next call.',
    '//',
    "// F(...): when the call fails (the callee trapped or failed, the host implementation threw...),",
    "// this module's own call ends there (an abort) and the host gets an ImportFailedError whose",
    '// cause is the callee\'s error: a failure is never read as data.',
    '// tryF(...): the checked variant, for a module that handles failures itself: null (or a',
    '// negative status) on failure, abi.lastCallStatus() holds -code; the call goes on.',
  ]);
  for (const imp of module.imports) {
    const iface = interfaces.get(imp.interface)!;
    file.blank();
    for (const fn of iface.functions) {
      file.line('// @ts-ignore: decorator');
      file.line(`@external("karmem:${iface.name}", "${fn.name}")`);
      file.line(`declare function import_${iface.name}_${fn.name}(ptr: usize, len: u32): i32;`);
      file.line('// @ts-ignore: decorator');
      file.line(`@external("karmem-checked:${iface.name}", "${fn.name}")`);
      file.line(`declare function checked_${iface.name}_${fn.name}(ptr: usize, len: u32): i32;`);
    }
    file.blank();
    const provider = imp.from ? `provided by module ${imp.from}` : 'provided as the host decides when linking';
    file.doc([...iface.doc, ...(iface.doc.length > 0 ? [''] : []), `${iface.name}, as module ${module.name} imports it: ${provider}.`]);
    const wrappers = wrapperNames(iface);
    file.block(`export namespace ${iface.name} {`, () => {
      let first = true;
      for (const fn of iface.functions) {
        if (!first) file.blank();
        first = false;
        importFunctions(file, names, iface, fn, wrappers.get(fn.name)!);
      }
    });
  }
  return { path, content: file.toString() };
}

/** The names of one imported function's wrappers in its interface's namespace: `F`, `tryF`, `FArgument`... */
interface WrapperNames {
  /** `F(value)` (`F()` without an argument), and its checked variant `tryF`. */
  readonly call: string;
  readonly tryCall: string;
  /** Functions with an argument only. */
  readonly argument: string;
  readonly send: string;
  readonly from: string;
  readonly forward: string;
  readonly trySend: string;
  readonly tryFrom: string;
  readonly tryForward: string;
}

/**
 * The wrapper names of an imported interface's functions, unique in its
 * namespace, by the rule every generator follows (docs/typescript.md,
 * "Names"): the functions' own names (`F`, and `tryF`) are claimed first,
 * then the derived ones (`FArgument`, `FSend`, `FFrom`, `FForward` and their
 * `try` forms), function by function; one already taken gets a trailing
 * underscore. With `Note(Text)` and `NoteSend(Text)`, `NoteSend` is
 * NoteSend's own wrapper and `NoteSend_` / `tryNoteSend_` send Note's
 * argument. Names that clash with nothing keep their spelling.
 */
function wrapperNames(iface: InterfaceLayout): Map<string, WrapperNames> {
  const ids = new Identifiers(NO_RESERVED);
  const claim = (name: string) => ids.claim(name);
  const own = new Map(iface.functions.map((fn) => [fn.name, claim(fn.name)] as const));
  const tryOwn = new Map(iface.functions.map((fn) => [fn.name, claim(`try${fn.name}`)] as const));
  const out = new Map<string, WrapperNames>();
  for (const fn of iface.functions) {
    const derived = (suffix: string) => (fn.param ? claim(`${fn.name}${suffix}`) : '');
    const tryDerived = (suffix: string) => (fn.param ? claim(`try${fn.name}${suffix}`) : '');
    const argument = derived('Argument');
    const send = derived('Send');
    const from = derived('From');
    const forward = derived('Forward');
    out.set(fn.name, { call: own.get(fn.name)!, tryCall: tryOwn.get(fn.name)!, argument, send, from, forward, trySend: tryDerived('Send'), tryFrom: tryDerived('From'), tryForward: tryDerived('Forward') });
  }
  return out;
}

/**
 * Nothing is reserved in an interface's namespace: its names start with an
 * upper-case letter or `try`, and its members reach everything else through
 * `karmem.`, `abi.`, `types.` and the file's `import_` / `checked_` functions.
 */
const NO_RESERVED: ReadonlySet<string> = new Set();

/** The plain and checked wrappers of one imported function. */
function importFunctions(file: GeneratedFile, names: Names, iface: InterfaceLayout, fn: FunctionLayout, w: WrapperNames): void {
  const qualified = `${iface.name}.${fn.name}`;
  const plain = `import_${iface.name}_${fn.name}`;
  const checked = `checked_${iface.name}_${fn.name}`;
  const failure = JSON.stringify(`import ${qualified} failed`);
  const answer = fn.result ? 'karmem.Reader' : 'void';
  const checkedAnswer = fn.result ? 'karmem.Reader | null' : 'i32';
  const plainReturn = (status: string) => (fn.result ? `return abi.importAnswer(${status}, ${failure});` : `abi.importDone(${status}, ${failure});`);
  const checkedReturn = (status: string) => (fn.result ? `return abi.importChecked(${status});` : `return abi.importStatus(${status});`);
  const returns = fn.result ? `Returns a reader over the ${fn.result} answer; if the call fails, this module's call ends here.` : "If the call fails, this module's call ends here.";
  const checkedReturns = fn.result ? `Returns a reader over the ${fn.result} answer, or null if the call failed (abi.lastCallStatus() holds -code).` : 'Returns the status: 0, or -code if the call failed.';
  const doc = [...fn.doc, ...(fn.doc.length > 0 ? [''] : [])];
  if (!fn.param) {
    file.doc([...doc, `Calls ${describeFunction(iface.name, fn)}. ${returns}`]);
    file.block(`export function ${w.call}(): ${answer} {`, () => file.line(plainReturn(`${plain}(0, 0)`)));
    file.blank();
    file.doc([`Calls ${qualified}, checked. ${checkedReturns}`]);
    file.block(`export function ${w.tryCall}(): ${checkedAnswer} {`, () => file.line(checkedReturn(`${checked}(0, 0)`)));
    return;
  }
  file.doc([`The writer for ${fn.name}'s argument (a ${fn.param} message): empty, reused. Then call ${w.send}() (or ${w.trySend}()).`]);
  file.block(`export function ${w.argument}(): karmem.Writer {`, () => file.line('return abi.argumentWriter();'));
  file.blank();
  file.doc([...doc, `Calls ${describeFunction(iface.name, fn)} with the message written into ${w.argument}().`, returns]);
  file.block(`export function ${w.send}(): ${answer} {`, () => file.line(`${fn.result ? 'return ' : ''}${w.from}(abi.pendingArgument());`));
  file.blank();
  file.doc([
    `Calls ${fn.name} with the ${fn.param} message \`message\` holds (any writer: the answer being built, say),`,
    'where it is: nothing is copied in this guest (nor at all when the callee shares its memory).',
    'A writer that failed (out of memory...) ends this module\'s call too.',
  ]);
  file.block(`export function ${w.from}(message: karmem.Writer): ${answer} {`, () => {
    file.line('const len = message.result();');
    file.line(`if (len < 0) abort(${JSON.stringify(`the argument of ${qualified} could not be written`)});`);
    file.line(plainReturn(`${plain}(message.ptr, <u32>len)`));
  });
  file.blank();
  file.doc([
    `Forwards a ${fn.param} message this module received (the reader its own function was given,`,
    `over its argument) to ${fn.name}, as it is: no copy in this guest, none at all when the callee`,
    'shares its memory, one into the callee\'s memory otherwise.',
  ]);
  file.block(`export function ${w.forward}(message: karmem.Reader): ${answer} {`, () => file.line(plainReturn(`${plain}(message.ptr, message.length)`)));
  file.blank();
  file.doc([`Encodes \`value\` (the object API) and calls ${fn.name}.`]);
  file.block(`export function ${w.call}(value: types.${names.struct(fn.param).object}): ${answer} {`, () => {
    file.line(`types.encode${fn.param}(abi.argumentWriter(), value);`);
    file.line(`${fn.result ? 'return ' : ''}${w.send}();`);
  });
  file.blank();
  file.doc([`${w.send}(), checked. ${checkedReturns}`]);
  file.block(`export function ${w.trySend}(): ${checkedAnswer} {`, () => file.line(`return ${w.tryFrom}(abi.pendingArgument());`));
  file.blank();
  file.doc([`${w.from}(message), checked (a writer that failed gives its own -code). ${checkedReturns}`]);
  file.block(`export function ${w.tryFrom}(message: karmem.Writer): ${checkedAnswer} {`, () => {
    file.line('const len = message.result();');
    file.line(checkedReturn(`len < 0 ? len : ${checked}(message.ptr, <u32>len)`));
  });
  file.blank();
  file.doc([`${w.forward}(message), checked. ${checkedReturns}`]);
  file.block(`export function ${w.tryForward}(message: karmem.Reader): ${checkedAnswer} {`, () => file.line(checkedReturn(`${checked}(message.ptr, message.length)`)));
  file.blank();
  file.doc([`${w.call}(value), checked. ${checkedReturns}`]);
  file.block(`export function ${w.tryCall}(value: types.${names.struct(fn.param).object}): ${checkedAnswer} {`, () => {
    file.line(`types.encode${fn.param}(abi.argumentWriter(), value);`);
    file.line(`return ${w.trySend}();`);
  });
}
