/**
 * The C glue (docs/c.md, "Interfaces and modules"), per module of the schema:
 * `karmem_<schema>_<module>.h`, the module's entry header, which a C guest
 * includes in exactly one translation unit. It holds
 *
 * - the prototypes of the functions the user writes, one per function of
 *   each interface the module implements: `<module>_<Interface>_<Function>`,
 *   given a codegen-c viewer of the argument (in place) and a zeroed value
 *   to fill as the answer, returning 0 or a failure (`KARMEM_FAIL(code)`);
 * - the ABI exports `<Interface>_<Function>(ptr, len)` that call them and
 *   encode the answer with codegen-c's encoder;
 * - for each imported interface, wrappers that encode a value (or pass bytes
 *   as they are), call the `karmem:<Interface>` import (`_try_`:
 *   `karmem-checked:`) and hand back a view of the answer, returning the
 *   status: C has no exceptions.
 *
 * plus `karmem_abi.h`, the schema-independent half (./c-abi.ts). Struct code
 * comes from codegen-c (`karmem_<schema>.h`, `karmem.h`).
 */
import { Names } from '@karmem-ts/codegen-c';
import { GeneratedFile, type GeneratedOutput, type GeneratorOptions } from '@karmem-ts/codegen-core';
import type { FunctionLayout, InterfaceLayout, ModuleLayout, SchemaLayout } from '@karmem-ts/layout';
import { ABI_HEADER, ABI_HEADER_VERSION, abiHeader } from './c-abi';
import { refuseModuleNameClashes } from './names';
import { GENERATOR_NAME } from './typescript';

export type GlueCOptions = GeneratorOptions;

/** Per module `karmem_<schema>_<module>.h`, then `karmem_abi.h` (none for a schema without modules). */
export function generateGlueC(layout: SchemaLayout, options: GlueCOptions): GeneratedOutput[] {
  if (layout.modules.length === 0) return [];
  refuseModuleNameClashes(layout);
  const names = new Names(layout);
  const byName = new Map(layout.interfaces.map((i) => [i.name, i] as const));
  return [...layout.modules.map((m) => moduleHeader(layout, names, m, byName, options)), abiHeader(GENERATOR_NAME)];
}

/** `karmem_relay_worker_a.h`. */
export function moduleHeaderName(layout: SchemaLayout, module: string): string {
  return `karmem_${layout.name}_${module}.h`;
}

/** The C names of one module's glue. Module names hold letters, digits and `_`; interface names start upper-case. */
export class ModuleNames {
  constructor(readonly module: string) {}
  /** What the user writes: `worker_a_Geometry_Length`. */
  implementation(iface: string, fn: string): string {
    return `${this.module}_${iface}_${fn}`;
  }
  /** The C function behind the ABI export `Geometry_Length`. */
  exported(iface: string, fn: string): string {
    return `${this.module}_export_${iface}_${fn}`;
  }
  /** The raw imports, plain (`karmem:`) and checked (`karmem-checked:`). */
  rawImport(iface: string, fn: string, checked: boolean): string {
    return `${this.module}_${checked ? 'checked' : 'import'}_${iface}_${fn}`;
  }
  /** The wrappers: `worker_a_call_Notes_Note`, `worker_a_try_Notes_Note`. */
  call(iface: string, fn: string, checked: boolean): string {
    return `${this.module}_${checked ? 'try' : 'call'}_${iface}_${fn}`;
  }
}

function describeFunction(iface: string, fn: FunctionLayout): string {
  return `${iface}.${fn.name}(${fn.param ?? ''})${fn.result ? ` ${fn.result}` : ''}`;
}

/** The prototype of the function the user writes for `fn`. */
function implementationPrototype(names: Names, m: ModuleNames, iface: InterfaceLayout, fn: FunctionLayout): string {
  const params: string[] = [];
  if (fn.param) params.push(`${names.view(fn.param)} arg`);
  if (fn.result) params.push(`${names.type(fn.result)} *answer`, 'karmem_arena *scratch');
  return `int32_t ${m.implementation(iface.name, fn.name)}(${params.length > 0 ? params.join(', ') : 'void'})`;
}

function moduleHeader(layout: SchemaLayout, names: Names, module: ModuleLayout, interfaces: Map<string, InterfaceLayout>, options: GlueCOptions): GeneratedOutput {
  const path = moduleHeaderName(layout, module.name);
  const file = new GeneratedFile(path, { language: 'c', sources: [options.source], generator: GENERATOR_NAME });
  file.include(names.header);
  file.include(ABI_HEADER);
  const m = new ModuleNames(module.name);
  const implemented = module.implements.map((name) => interfaces.get(name)!);
  const guard = `KARMEM_${layout.name.toUpperCase()}_${module.name.toUpperCase()}_H`;
  file.line(`#ifndef ${guard}`);
  file.line(`#define ${guard}`);
  file.blank();
  file.line(`#if KARMEM_ABI_HEADER_VERSION != ${ABI_HEADER_VERSION}`);
  file.line(`#error "${path} needs version ${ABI_HEADER_VERSION} of ${ABI_HEADER}: generate both with the same karmem-ts"`);
  file.line('#endif');
  file.blank();
  const summary = [
    `Module ${module.name} of schema ${layout.name}${implemented.length > 0 ? `, which implements ${module.implements.join(', ')}` : ''}${module.imports.length > 0 ? `${implemented.length > 0 ? ' and' : ', which'} imports ${module.imports.map((i) => i.interface).join(', ')}` : ''}.`,
    'Include this header in exactly one .c file of the guest: it defines the ABI exports.',
  ];
  if (module.doc.length > 0) summary.unshift(...module.doc, '');
  file.comment(summary);
  for (const iface of implemented) emitImplemented(file, names, m, iface);
  for (const imp of module.imports) emitImported(file, names, m, module, interfaces.get(imp.interface)!, imp.from);
  file.blank();
  file.line(`#endif /* ${guard} */`);
  return { path, content: file.toString() };
}

function emitImplemented(file: GeneratedFile, names: Names, m: ModuleNames, iface: InterfaceLayout): void {
  file.blank();
  file.line(`/* ---- ${iface.name}: implemented by this module ---- */`);
  file.blank();
  file.doc([
    ...iface.doc,
    ...(iface.doc.length > 0 ? [''] : []),
    `Write these functions. \`arg\` reads the argument in place (valid during the call; karmem_abi_argument()`,
    'gives its bytes); fill `answer` (zeroed; slices may point into the argument, or into memory from',
    '`scratch`, emptied before each call) and return 0, or fail: return KARMEM_FAIL(code), code >= 64, or',
    'the negative status of an import that failed during this call.',
  ]);
  for (const fn of iface.functions) {
    file.doc(fn.doc);
    file.line(`${implementationPrototype(names, m, iface, fn)};`);
  }
  for (const fn of iface.functions) {
    file.blank();
    file.doc([`${describeFunction(iface.name, fn)}: the ABI export the linker calls.`]);
    const exported = `${iface.name}_${fn.name}`;
    file.block(`KARMEM_EXPORT("${exported}") int32_t ${m.exported(iface.name, fn.name)}(uint32_t ptr, uint32_t len) {`, () => {
      file.line('karmem_abi_begin(ptr, len);');
      const args: string[] = [];
      if (fn.param) args.push(`${names.view(fn.param)}_root((const uint8_t *)(uintptr_t)ptr, len)`);
      if (!fn.result) {
        file.line(`return karmem_abi_done(${m.implementation(iface.name, fn.name)}(${args.join(', ')}));`);
        return;
      }
      file.line(`${names.type(fn.result)} answer;`);
      file.line('__builtin_memset(&answer, 0, sizeof answer);');
      args.push('&answer', '&karmem_abi.scratch');
      file.line(`int32_t status = ${m.implementation(iface.name, fn.name)}(${args.join(', ')});`);
      file.line('if (status < 0) return status;');
      file.line('int32_t length;');
      file.line(`while ((length = ${names.of(fn.result, 'encode')}(&answer, karmem_abi.answer.data, karmem_abi.answer.capacity)) == KARMEM_ERR_OUT_OF_SPACE) {`);
      file.line('    if (!karmem_abi_grow(&karmem_abi.answer)) return -KARMEM_STATUS_OUT_OF_MEMORY;');
      file.line('}');
      file.line('return karmem_abi_publish(length);');
    });
  }
}

function emitImported(file: GeneratedFile, names: Names, m: ModuleNames, module: ModuleLayout, iface: InterfaceLayout, from: string | undefined): void {
  file.blank();
  file.line(`/* ---- ${iface.name}: imported, ${from ? `from module ${from}` : 'from whoever the host binds when linking'} ---- */`);
  file.blank();
  file.doc([
    ...iface.doc,
    ...(iface.doc.length > 0 ? [''] : []),
    `${iface.name}, as module ${module.name} calls it. Each wrapper returns the status: the answer's`,
    'length (>= 0), or a negative code. `answer` views the answer in place (empty on failure), valid',
    'until the next import call. An argument that cannot be encoded is returned as codegen-c\'s',
    'KARMEM_ERR_* (or -KARMEM_STATUS_OUT_OF_MEMORY), and nothing is called.',
    '_call_: when the call fails, this module\'s call ends there (a trap, as the AssemblyScript',
    'wrappers abort): the module is reset, and the host gets an ImportFailedError whose cause is',
    'the callee\'s error; a failure is never read as data. _try_: the checked variant',
    '(`karmem-checked:`): it returns -code, the failure is this module\'s to handle, and its call',
    'goes on.',
  ]);
  for (const fn of iface.functions) {
    for (const checked of [false, true]) {
      file.line(`KARMEM_IMPORT("${checked ? 'karmem-checked' : 'karmem'}:${iface.name}", "${fn.name}") int32_t ${m.rawImport(iface.name, fn.name, checked)}(uint32_t ptr, uint32_t len);`);
    }
  }
  for (const fn of iface.functions) {
    for (const checked of [false, true]) emitWrappers(file, names, m, iface, fn, checked);
  }
}

function emitWrappers(file: GeneratedFile, names: Names, m: ModuleNames, iface: InterfaceLayout, fn: FunctionLayout, checked: boolean): void {
  const call = m.call(iface.name, fn.name, checked);
  const raw = m.rawImport(iface.name, fn.name, checked);
  const answerParam = fn.result ? [`${names.view(fn.result)} *answer`] : [];
  const finish = (status: string) => {
    file.line(`int32_t status = ${status};`);
    // As the AssemblyScript wrappers abort: the linker turns the trap into an ImportFailedError.
    if (!checked) file.line('if (status < 0) __builtin_trap(); /* the call failed: this module\'s call ends here */');
    if (fn.result) {
      file.line(`*answer = ${names.view(fn.result)}_root(karmem_abi_import_data(status), karmem_abi_import_length(status));`);
    }
    file.line('return status;');
  };
  const kind = checked ? 'checked' : 'plain';
  file.blank();
  if (!fn.param) {
    file.doc([...fn.doc, ...(fn.doc.length > 0 ? [''] : []), `Calls ${describeFunction(iface.name, fn)} (${kind}).`]);
    file.block(`static inline int32_t ${call}(${answerParam.length > 0 ? answerParam.join(', ') : 'void'}) {`, () => finish(`${raw}(0, 0)`));
    return;
  }
  file.doc([
    ...fn.doc,
    ...(fn.doc.length > 0 ? [''] : []),
    `Calls ${describeFunction(iface.name, fn)} (${kind}) with the ${fn.param} message \`message\` holds, where it is:`,
    'a message this module received (karmem_abi_argument()) is forwarded with no copy in this guest.',
  ]);
  file.block(`static inline int32_t ${call}_bytes(${['karmem_bytes message', ...answerParam].join(', ')}) {`, () =>
    finish(`${raw}(karmem_abi_address(message.ptr), message.len)`),
  );
  file.blank();
  file.doc([`Encodes \`arg\` (codegen-c's ${names.of(fn.param, 'encode')}) and calls ${iface.name}.${fn.name} (${kind}); an encoding error is returned as it is.`]);
  file.block(`static inline int32_t ${call}(${[`const ${names.type(fn.param)} *arg`, ...answerParam].join(', ')}) {`, () => {
    file.line('int32_t length;');
    file.line(`while ((length = ${names.of(fn.param!, 'encode')}(arg, karmem_abi.argument.data, karmem_abi.argument.capacity)) == KARMEM_ERR_OUT_OF_SPACE) {`);
    file.line('    if (!karmem_abi_grow(&karmem_abi.argument)) return -KARMEM_STATUS_OUT_OF_MEMORY;');
    file.line('}');
    file.line('if (length < 0) return length;');
    file.line(`karmem_bytes message = { karmem_abi.argument.data, (uint32_t)length };`);
    file.line(`return ${call}_bytes(${['message', ...(fn.result ? ['answer'] : [])].join(', ')});`);
  });
}
