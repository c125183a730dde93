/**
 * How schema names become Rust names: the primitives codegen-rust names
 * everything with (docs/rust.md, "Names"), kept here because the layout's
 * KM506 check (module-names.ts) must know the file names the Rust code and
 * glue will have, and the layout cannot depend on a generator.
 */

/** Strict and reserved keywords of Rust 2018/2021 (`r#` is not used: `self`, `Self`, `super`, `crate` cannot take it). */
export const RUST_KEYWORDS: ReadonlySet<string> = new Set([
  'as', 'async', 'await', 'break', 'const', 'continue', 'crate', 'dyn', 'else', 'enum', 'extern', 'false', 'fn', 'for',
  'if', 'impl', 'in', 'let', 'loop', 'match', 'mod', 'move', 'mut', 'pub', 'ref', 'return', 'self', 'Self', 'static',
  'struct', 'super', 'trait', 'true', 'type', 'unsafe', 'use', 'where', 'while', 'abstract', 'become', 'box', 'do',
  'final', 'macro', 'override', 'priv', 'try', 'typeof', 'unsized', 'virtual', 'yield',
]);

/** `HTTPCode` -> `["HTTP", "Code"]`, `Vec3d` -> `["Vec3d"]`, `I8s` -> `["I8s"]`: digits (and lower case after them) stay with the word before. */
export function words(name: string): string[] {
  return name.match(/[A-Z]+(?![a-z])(?:\d+[a-z]*)*|[A-Z]?[a-z]+(?:\d+[a-z]*)*|\d+[a-z]*/g) ?? [name];
}

export function snakeCase(name: string): string {
  return words(name).map((w) => w.toLowerCase()).join('_');
}
