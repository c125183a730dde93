/**
 * The Rust glue (docs/rust.md, "Interfaces and modules"), per module of the
 * schema: `<schema>_<module>.rs`, a module the guest declares beside
 * codegen-rust's `<schema>.rs` and the runtime `karmem_abi.rs` (./rust-abi.ts).
 * It holds
 *
 * - per interface the module implements, a trait the user implements on the
 *   module's type (`super::WorkerA` for module `worker_a`, with `Default`):
 *   one method per function, given a codegen-rust viewer of the argument (in
 *   place) and returning the owned answer or a `Failure`;
 * - the ABI exports `<Interface>_<Function>(ptr, len)` that call it and encode
 *   the answer with codegen-rust's encoder;
 * - per imported interface, a submodule (`notes`) of wrappers that encode a
 *   value (or send bytes as they are), call the `karmem:<Interface>` import
 *   (`try_`: `karmem-checked:`), check the status and the answer's bounds and
 *   hand back a viewer of the answer: `Result<View, CallError>`.
 *
 * The module files hold no `unsafe` block: they say `#![deny(unsafe_code)]`
 * and allow it only for `#[export_name]`, which the lint counts.
 */
import { Names as RustNames, snakeCase } from '@karmem-ts/codegen-rust';
import { GeneratedFile, Identifiers, commentLines, safeIdentifier, type GeneratedOutput, type GeneratorOptions } from '@karmem-ts/codegen-core';
import type { FunctionLayout, InterfaceLayout, ModuleLayout, SchemaLayout } from '@karmem-ts/layout';
import { refuseModuleNameClashes } from './names';
import { RUST_ABI_MODULE, RUST_ABI_VERSION, rustAbiModule } from './rust-abi';
import { GENERATOR_NAME } from './typescript';

export type GlueRustOptions = GeneratorOptions;

/** Rust's keywords (strict and reserved) and the names every module file declares. */
const RESERVED = new Set([
  'as', 'async', 'await', 'break', 'const', 'continue', 'crate', 'dyn', 'else', 'enum', 'extern', 'false', 'fn', 'for',
  'if', 'impl', 'in', 'let', 'loop', 'match', 'mod', 'move', 'mut', 'pub', 'ref', 'return', 'self', 'Self', 'static',
  'struct', 'super', 'trait', 'true', 'type', 'unsafe', 'use', 'where', 'while', 'abstract', 'become', 'box', 'do',
  'final', 'macro', 'override', 'priv', 'typeof', 'unsized', 'virtual', 'yield', 'try', 'union',
]);

/** Per module `<schema>_<module>.rs`, then `karmem_abi.rs` (none for a schema without modules). */
export function generateGlueRust(layout: SchemaLayout, options: GlueRustOptions): GeneratedOutput[] {
  if (layout.modules.length === 0) return [];
  refuseModuleNameClashes(layout);
  const names = new RustNames(layout);
  const byName = new Map(layout.interfaces.map((i) => [i.name, i] as const));
  return [...layout.modules.map((m) => moduleFile(layout, names, m, byName, options)), rustAbiModule(GENERATOR_NAME)];
}

/** `relay_worker_a`: the Rust module of one schema module's glue. */
export function rustModuleName(layout: SchemaLayout, module: string): string {
  return safeIdentifier(`${new RustNames(layout).module}_${snakeCase(module)}`, RESERVED);
}

/** `WorkerA`: the type the user declares beside the glue for module `worker_a`. */
export function rustModuleType(module: string): string {
  const camel = module
    .split('_')
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  return safeIdentifier(camel === '' ? 'Module' : camel, RESERVED);
}

/** `///` (or `//!`) lines, split and escaped like every generator's comments. */
function rustDoc(file: GeneratedFile, lines: readonly string[], marker = '///'): void {
  for (const line of commentLines(lines)) file.line(line === '' ? marker : `${marker} ${line}`);
}

function describeFunction(iface: string, fn: FunctionLayout): string {
  return `${iface}.${fn.name}(${fn.param ?? ''})${fn.result ? ` ${fn.result}` : ''}`;
}

/** snake_case method names of an interface, unique within it. */
function methodNames(iface: InterfaceLayout): Map<string, string> {
  const taken = new Set<string>();
  const out = new Map<string, string>();
  for (const fn of iface.functions) {
    const name = safeIdentifier(snakeCase(fn.name), RESERVED, taken);
    taken.add(name);
    out.set(fn.name, name);
  }
  return out;
}

function moduleFile(layout: SchemaLayout, names: RustNames, module: ModuleLayout, interfaces: Map<string, InterfaceLayout>, options: GlueRustOptions): GeneratedOutput {
  const rustModule = rustModuleName(layout, module.name);
  const path = `${rustModule}.rs`;
  const file = new GeneratedFile(path, { language: 'rust', sources: [options.source], generator: GENERATOR_NAME });
  const implemented = module.implements.map((name) => interfaces.get(name)!);
  const type = rustModuleType(module.name);
  const summary = [
    `Module ${module.name} of schema ${layout.name}${implemented.length > 0 ? `, which implements ${module.implements.join(', ')}` : ''}${module.imports.length > 0 ? `${implemented.length > 0 ? ' and' : ', which'} imports ${module.imports.map((i) => i.interface).join(', ')}` : ''}.`,
    '',
    `Declare it beside the schema's module and the ABI runtime, in the same parent module: \`mod ${names.module}; mod ${RUST_ABI_MODULE}; mod ${rustModule};\`.`,
  ];
  if (implemented.length > 0) {
    summary.push(
      `Declare there too \`${type}\`, the module's state, with \`Default\` (the glue makes one at the first call), and implement`,
      `${implemented.map((i) => `\`${rustModule}::${i.name}\``).join(', ')} on it.`,
    );
  }
  if (module.doc.length > 0) summary.unshift(...module.doc, '');
  rustDoc(file, summary, '//!');
  file.line('#![deny(unsafe_code)]');
  file.line('#![allow(dead_code)]');
  // The ABI's names: export_Geometry_Length, plain_Note.
  file.line('#![allow(non_snake_case)]');
  file.blank();
  file.line(`const _: () = assert!(super::${RUST_ABI_MODULE}::RUNTIME_VERSION == ${RUST_ABI_VERSION}, "${path} needs version ${RUST_ABI_VERSION} of ${RUST_ABI_MODULE}.rs: generate both with the same karmem-ts");`);
  file.blank();
  file.line("/// The status code of codegen-rust's encoding errors (docs/abi.md, \"Status\").");
  file.block(`fn error_code(error: super::${names.module}::karmem::Error) -> u32 {`, () => {
    file.block('match error {', () => {
      file.line(`super::${names.module}::karmem::Error::OutOfSpace => super::${RUST_ABI_MODULE}::STATUS_OUT_OF_SPACE,`);
      file.line(`super::${names.module}::karmem::Error::TooLarge => super::${RUST_ABI_MODULE}::STATUS_TOO_LARGE,`);
      file.line(`super::${names.module}::karmem::Error::TooDeep => super::${RUST_ABI_MODULE}::STATUS_DECODE_DEPTH,`);
      file.line(`super::${names.module}::karmem::Error::Budget => super::${RUST_ABI_MODULE}::STATUS_DECODE_BUDGET,`);
    });
  });
  if (implemented.length > 0) {
    file.blank();
    file.line(`/// The module's state: one \`super::${type}\`, made with \`Default\` at the first call.`);
    file.line(`static MODULE: super::${RUST_ABI_MODULE}::Global<super::${type}> = super::${RUST_ABI_MODULE}::Global::new();`);
  }
  for (const iface of implemented) emitImplemented(file, names, type, iface);
  const taken = new Set<string>(['error_code']);
  for (const imp of module.imports) {
    const mod = safeIdentifier(snakeCase(imp.interface), RESERVED, taken);
    taken.add(mod);
    emitImported(file, names, module, interfaces.get(imp.interface)!, imp.from, mod);
  }
  return { path, content: file.toString() };
}

function emitImplemented(file: GeneratedFile, names: RustNames, type: string, iface: InterfaceLayout): void {
  const schema = `super::${names.module}`;
  const abi = `super::${RUST_ABI_MODULE}`;
  const methods = methodNames(iface);
  file.blank();
  file.line(`// ---- ${iface.name}: implemented by this module ----`);
  file.blank();
  rustDoc(file, [
    ...iface.doc,
    ...(iface.doc.length > 0 ? [''] : []),
    `Implement it on \`super::${type}\`. Each method gets the argument as a viewer, read in place (valid`,
    'during the call; `karmem_abi::argument()` gives its bytes), and returns the answer as an owned value',
    'the glue encodes, or fails: `Failure::application(code)` (64 and up: the host gets a GuestError with',
    'that code), or an import\'s `CallError` passed on with `?`.',
  ]);
  file.block(`pub trait ${iface.name} {`, () => {
    for (const fn of iface.functions) {
      rustDoc(file, fn.doc);
      const params = ['&mut self', ...(fn.param ? [`arg: ${schema}::${names.struct(fn.param).view}<'_>`] : [])];
      const result = fn.result ? `${schema}::${names.type(fn.result)}` : '()';
      file.line(`fn ${methods.get(fn.name)!}(${params.join(', ')}) -> ::core::result::Result<${result}, ${abi}::Failure>;`);
    }
  });
  for (const fn of iface.functions) {
    file.blank();
    file.line(`/// ${describeFunction(iface.name, fn)}: the ABI export the linker calls.`);
    file.line('#[allow(unsafe_code)] // #[export_name]: the ABI\'s name for the function');
    file.line(`#[export_name = "${iface.name}_${fn.name}"]`);
    file.block(`extern "C" fn export_${iface.name}_${fn.name}(ptr: u32, len: u32) -> i32 {`, () => {
      const call = `<super::${type} as ${iface.name}>::${methods.get(fn.name)!}`;
      if (fn.param) {
        file.line(`let arg = ${schema}::${names.struct(fn.param).view}::root(${abi}::begin(ptr, len));`);
      } else {
        file.line(`${abi}::begin(ptr, len);`);
      }
      file.line(`let outcome = MODULE.with(<super::${type} as ::core::default::Default>::default, |module| ${call}(${['module', ...(fn.param ? ['arg'] : [])].join(', ')}));`);
      file.block('match outcome {', () => {
        if (fn.result) {
          file.line(`Ok(answer) => ${abi}::publish(|buffer| answer.encode_vec(buffer).map_err(error_code)),`);
        } else {
          file.line(`Ok(()) => ${abi}::done(),`);
        }
        file.line(`Err(failure) => ${abi}::status(failure.code()),`);
      });
    });
  }
}

function emitImported(file: GeneratedFile, names: RustNames, module: ModuleLayout, iface: InterfaceLayout, from: string | undefined, mod: string): void {
  const schema = `super::super::${names.module}`;
  const abi = `super::super::${RUST_ABI_MODULE}`;
  file.blank();
  file.line(`// ---- ${iface.name}: imported, ${from ? `from module ${from}` : 'from whoever the host binds when linking'} ----`);
  file.blank();
  rustDoc(file, [
    ...iface.doc,
    ...(iface.doc.length > 0 ? [''] : []),
    `${iface.name}, as module ${module.name} calls it. Each wrapper gives a viewer of the answer, in place`,
    '(in the RET region, or in the callee\'s memory when it shares this one), valid until the next import',
    'call, or a `CallError`: an argument that could not be encoded (nothing was called), an answer that',
    'does not lie in this guest\'s memory (nothing was read), or (`try_` only) the callee\'s status.',
    'Plain wrappers call `karmem:<Interface>`: when the call fails, this module\'s call ends there (a trap,',
    'as the AssemblyScript and C wrappers do): the module is reset, and the host gets an ImportFailedError',
    'whose cause is the callee\'s error. `try_` wrappers call `karmem-checked:<Interface>`: the failure is',
    'this module\'s to handle (`?` passes it on), and its call goes on. `_bytes` wrappers send a message as it is:',
    '`karmem_abi::argument()` is forwarded with no copy in this guest.',
  ]);
  file.block(`pub mod ${mod} {`, () => {
    for (const checked of [false, true]) {
      file.line(`#[link(wasm_import_module = "${checked ? 'karmem-checked' : 'karmem'}:${iface.name}")]`);
      file.block('extern "C" {', () => {
        for (const fn of iface.functions) {
          file.line(`#[link_name = "${fn.name}"]`);
          file.line(`fn ${checked ? 'checked' : 'plain'}_${fn.name}(ptr: u32, len: u32) -> i32;`);
        }
      });
    }
    const ids = new Identifiers(RESERVED);
    const claim = (name: string) => ids.claim(name);
    // The functions' own names (and `try_` forms) first, then the derived `_bytes` forms, function by
    // function (docs/typescript.md, "Names"): with `Type` and `TypeBytes`, `type_bytes` is TypeBytes's
    // own wrapper and `type_bytes_` Type's bytes form, as in the AssemblyScript glue.
    const own = new Map(iface.functions.map((fn) => [fn.name, { plain: claim(snakeCase(fn.name)), checked: claim(`try_${snakeCase(fn.name)}`) }] as const));
    for (const fn of iface.functions) {
      const base = snakeCase(fn.name);
      const { plain, checked } = own.get(fn.name)!;
      const wrappers = { plain, plainBytes: fn.param ? claim(`${base}_bytes`) : '', checked, checkedBytes: fn.param ? claim(`try_${base}_bytes`) : '' };
      for (const checked of [false, true]) {
        const raw = `${checked ? 'checked' : 'plain'}_${fn.name}`;
        const kind = checked ? 'checked' : 'plain';
        const answer = fn.result ? `${schema}::${names.struct(fn.result).view}<'static>` : '()';
        const returns = `::core::result::Result<${answer}, ${abi}::CallError>`;
        const finish = (status: string) =>
          fn.result ? `${abi}::answer(${status}, ${!checked}).map(${schema}::${names.struct(fn.result).view}::root)` : `${abi}::no_answer(${status}, ${!checked})`;
        file.blank();
        if (!fn.param) {
          rustDoc(file, [...fn.doc, ...(fn.doc.length > 0 ? [''] : []), `Calls ${describeFunction(iface.name, fn)} (${kind}).`]);
          file.block(`pub fn ${checked ? wrappers.checked : wrappers.plain}() -> ${returns} {`, () => {
            file.line(finish(`Ok(${abi}::call_bytes(${raw}, &[]))`));
          });
          continue;
        }
        rustDoc(file, [
          ...fn.doc,
          ...(fn.doc.length > 0 ? [''] : []),
          `Encodes \`arg\` (codegen-rust's \`encode_vec\`, into the glue's argument buffer) and calls ${describeFunction(iface.name, fn)} (${kind}).`,
        ]);
        file.block(`pub fn ${checked ? wrappers.checked : wrappers.plain}(arg: &${schema}::${names.type(fn.param)}) -> ${returns} {`, () => {
          file.line(finish(`${abi}::call_encoded(${raw}, |buffer| arg.encode_vec(buffer).map_err(super::error_code))`));
        });
        file.blank();
        rustDoc(file, [`Calls ${describeFunction(iface.name, fn)} (${kind}) with the ${fn.param} message \`message\` holds, where it is.`]);
        file.block(`pub fn ${checked ? wrappers.checkedBytes : wrappers.plainBytes}(message: &[u8]) -> ${returns} {`, () => {
          file.line(finish(`Ok(${abi}::call_bytes(${raw}, message))`));
        });
      }
    }
  });
}
