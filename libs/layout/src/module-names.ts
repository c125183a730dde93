/**
 * KM506: module names the glue would write to one file. Each module of a
 * schema gets glue files of its own, named after it (docs/linker.md):
 *
 * - Rust: `<schema>_<module>.rs` with the module's name in `snake_case`
 *   (codegen-glue's `rustModuleName`), where `fooBar`, `foo_bar` and
 *   `FOO_BAR` are all `foo_bar`, and `Foo` and `foo` both `foo`;
 * - AssemblyScript `<module>.guest.ts` and C `karmem_<schema>_<module>.h`:
 *   the name as written, which a file system that ignores case (macOS's and
 *   Windows' by default) takes for one file when two names differ only in
 *   case.
 *
 * The paths are the modules' own names (the CLI finds a guest's glue by
 * them), so the glue cannot rename one away: the schema is refused, with a
 * diagnostic on the second module's name, before any file is written.
 * codegen-glue's generators refuse the same layouts with the same message,
 * and its tests hold the rule below to the names they actually write.
 *
 * A schema with modules also gets the glue's runtime, whose name is fixed
 * (guests write `mod karmem_abi;` and `#include "karmem_abi.h"`), beside the
 * schema's own code: the Rust runtime `karmem_abi.rs` beside codegen-rust's
 * `<schema>.rs`, the C ABI header `karmem_abi.h` beside codegen-c's
 * `karmem_<schema>.h` (the CLI's config puts each language's code and glue in
 * one folder; the C header of a module includes both). A name that gives the
 * runtime's file is refused too (KM506, the same problem): package `abi` (any
 * case: a file system that ignores case, and the include guard
 * `KARMEM_ABI_H`, are the same for `Abi`), a package whose Rust module is
 * `karmem_abi` (`KarmemAbi`), and a module whose Rust glue file is
 * `karmem_abi.rs` (module `abi` of package `karmem`).
 */
import { DiagnosticCodes, error, type Diagnostic, type Span } from '@karmem-ts/idl';
import { RUST_KEYWORDS, snakeCase } from './rust-names';

/** A module's name and where to point at it (its name in the source, or its declaration). */
export interface ModuleName {
  readonly name: string;
  readonly span: Span;
}

/** `relay`: codegen-rust's module for schema `schema` (its file is `<module>.rs`), and the prefix of the glue's module files. */
function rustSchemaModule(schema: string): string {
  let module = snakeCase(schema);
  while (RUST_KEYWORDS.has(module)) module += '_';
  return module;
}

/** `relay_worker_a.rs`: the Rust glue file of module `module` of schema `schema` (codegen-glue's rustModuleName). */
function rustGlueFile(schema: string, module: string): string {
  return `${rustSchemaModule(schema)}_${snakeCase(module)}.rs`;
}

/** The Rust glue's runtime module (codegen-glue's RUST_ABI_MODULE), in `karmem_abi.rs`. */
const RUST_RUNTIME = 'karmem_abi';
/** The C glue's ABI header (codegen-glue's ABI_HEADER) and its include guard. */
const C_RUNTIME = 'karmem_abi.h';
const C_RUNTIME_GUARD = 'KARMEM_ABI_H';

/**
 * One error (KM506) per module whose glue file an earlier module's would
 * be, at the later one: same `snake_case` name (the Rust glue file), or
 * names that differ only in case (the AssemblyScript and C glue files,
 * where file names ignore case); and per file of the schema's own code or a
 * module's glue that the glue's runtime would be: a module's at its name, the
 * schema's at `schemaSpan` (its name; without it, the first module's, whose
 * declaration makes the glue write the runtime).
 */
export function moduleNameClashes(schema: string, modules: readonly ModuleName[], schemaSpan?: Span): Diagnostic[] {
  const bySnake = new Map<string, ModuleName>();
  const byLower = new Map<string, ModuleName>();
  const found: Diagnostic[] = modules.length > 0 ? runtimeClashes(schema, schemaSpan ?? modules[0]!.span) : [];
  for (const module of modules) {
    const snake = snakeCase(module.name);
    const lower = module.name.toLowerCase();
    const sameFile = bySnake.get(snake);
    const sameLetters = byLower.get(lower);
    if (sameFile !== undefined) {
      found.push(clash(module, sameFile, `would both be written to ${rustGlueFile(schema, module.name)} (the Rust glue names a module's file in snake_case)`));
    } else if (rustGlueFile(schema, module.name) === `${RUST_RUNTIME}.rs`) {
      found.push(
        error(
          DiagnosticCodes.ModuleNameClash,
          `module \`${module.name}\` of package \`${schema}\` would be written to ${RUST_RUNTIME}.rs, the file of the Rust glue's runtime (\`mod ${RUST_RUNTIME};\`): the Rust glue names a module's file <package>_<module>.rs, in snake_case; rename the module or the package`,
          module.span,
        ),
      );
    } else if (sameLetters !== undefined) {
      const as = `${sameLetters.name}.guest.ts and ${module.name}.guest.ts (AssemblyScript glue)`;
      const c = `karmem_${schema}_${sameLetters.name}.h and karmem_${schema}_${module.name}.h (C glue)`;
      found.push(clash(module, sameLetters, `differ only in case: where file names ignore case (macOS, Windows), ${as} are one file, and so are ${c}`));
    }
    if (sameFile === undefined) bySnake.set(snake, module);
    if (sameLetters === undefined) byLower.set(lower, module);
  }
  return found;
}

/**
 * The schema's own files that the runtime the glue writes for its modules
 * would be: codegen-c's `karmem_<schema>.h` and the C glue's `karmem_abi.h`
 * (also where file names ignore case: their include guards are one), and
 * codegen-rust's `<schema>.rs` and the Rust glue's `karmem_abi.rs`.
 */
function runtimeClashes(schema: string, span: Span): Diagnostic[] {
  const found: Diagnostic[] = [];
  const header = `karmem_${schema}.h`;
  if (header.toLowerCase() === C_RUNTIME) {
    const same = header === C_RUNTIME ? 'the same file' : 'the same file where file names ignore case (macOS, Windows)';
    found.push(
      error(
        DiagnosticCodes.ModuleNameClash,
        `package \`${schema}\` has modules, for which the C glue writes its ABI header ${C_RUNTIME}: codegen-c's header for the package, ${header}, is ${same}, and both headers use the include guard ${C_RUNTIME_GUARD}; rename the package`,
        span,
      ),
    );
  }
  const rust = rustSchemaModule(schema);
  if (rust === RUST_RUNTIME) {
    found.push(
      error(
        DiagnosticCodes.ModuleNameClash,
        `package \`${schema}\` has modules, for which the Rust glue writes its runtime ${RUST_RUNTIME}.rs (\`mod ${RUST_RUNTIME};\`): codegen-rust's module for the package, ${rust}.rs, is the same file and the same module; rename the package`,
        span,
      ),
    );
  }
  return found;
}

function clash(module: ModuleName, first: ModuleName, why: string): Diagnostic {
  return error(DiagnosticCodes.ModuleNameClash, `module \`${module.name}\` and module \`${first.name}\` (${first.span.line}:${first.span.column}) ${why}; rename one`, module.span, [
    { message: `module \`${first.name}\` is declared here`, span: first.span },
  ]);
}
