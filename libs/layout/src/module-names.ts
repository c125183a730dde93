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
 */
import { DiagnosticCodes, error, type Diagnostic, type Span } from '@karmem-ts/idl';

/** A module's name and where to point at it (its name in the source, or its declaration). */
export interface ModuleName {
  readonly name: string;
  readonly span: Span;
}

/** Strict and reserved keywords of Rust (codegen-rust's RUST_KEYWORDS, lower case: a `snake_case` name is). */
const RUST_KEYWORDS: ReadonlySet<string> = new Set([
  'as', 'async', 'await', 'break', 'const', 'continue', 'crate', 'dyn', 'else', 'enum', 'extern', 'false', 'fn', 'for',
  'if', 'impl', 'in', 'let', 'loop', 'match', 'mod', 'move', 'mut', 'pub', 'ref', 'return', 'self', 'static',
  'struct', 'super', 'trait', 'true', 'type', 'unsafe', 'use', 'where', 'while', 'abstract', 'become', 'box', 'do',
  'final', 'macro', 'override', 'priv', 'try', 'typeof', 'unsized', 'virtual', 'yield',
]);

/**
 * codegen-rust's `snakeCase`: words split at case changes (`HTTPCode` ->
 * `http_code`; digits, and lower case after them, stay with the word before),
 * `_` dropped between them.
 */
function rustSnakeCase(name: string): string {
  const words = name.match(/[A-Z]+(?![a-z])(?:\d+[a-z]*)*|[A-Z]?[a-z]+(?:\d+[a-z]*)*|\d+[a-z]*/g) ?? [name];
  return words.map((w) => w.toLowerCase()).join('_');
}

/** `relay_worker_a.rs`: the Rust glue file of module `module` of schema `schema` (codegen-glue's rustModuleName). */
function rustGlueFile(schema: string, module: string): string {
  let prefix = rustSnakeCase(schema);
  while (RUST_KEYWORDS.has(prefix)) prefix += '_';
  return `${prefix}_${rustSnakeCase(module)}.rs`;
}

/**
 * One error (KM506) per module whose glue file an earlier module's would
 * be, at the later one: same `snake_case` name (the Rust glue file), or
 * names that differ only in case (the AssemblyScript and C glue files,
 * where file names ignore case).
 */
export function moduleNameClashes(schema: string, modules: readonly ModuleName[]): Diagnostic[] {
  const bySnake = new Map<string, ModuleName>();
  const byLower = new Map<string, ModuleName>();
  const found: Diagnostic[] = [];
  for (const module of modules) {
    const snake = rustSnakeCase(module.name);
    const lower = module.name.toLowerCase();
    const sameFile = bySnake.get(snake);
    const sameLetters = byLower.get(lower);
    if (sameFile !== undefined) {
      found.push(clash(module, sameFile, `would both be written to ${rustGlueFile(schema, module.name)} (the Rust glue names a module's file in snake_case)`));
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

function clash(module: ModuleName, first: ModuleName, why: string): Diagnostic {
  return error(DiagnosticCodes.ModuleNameClash, `module \`${module.name}\` and module \`${first.name}\` (${first.span.line}:${first.span.column}) ${why}; rename one`, module.span, [
    { message: `module \`${first.name}\` is declared here`, span: first.span },
  ]);
}
