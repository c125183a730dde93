/**
 * One place where schema names become identifiers of a target language, by
 * one rule shared by every generator (docs/typescript.md, "Names"): a name
 * that is reserved in the target (a keyword, a global the generated code
 * uses or that users expect to keep) or already taken by an earlier
 * generated name gets a trailing underscore, as many as needed.
 */

const JS_RESERVED = [
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
  'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments',
  'eval', 'undefined', 'NaN', 'Infinity', 'constructor', 'prototype', '__proto__',
];

/** AssemblyScript adds its own type names and keywords to JavaScript's. */
const AS_RESERVED = [
  ...JS_RESERVED, 'i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64', 'f32', 'f64', 'bool', 'isize', 'usize',
  'v128', 'string', 'number', 'type', 'declare', 'namespace', 'abstract', 'readonly', 'load', 'store', 'changetype',
];

const C_RESERVED = [
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern', 'float',
  'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict', 'return', 'short', 'signed', 'sizeof',
  'static', 'struct', 'switch', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while', 'bool', 'true', 'false',
  'NULL', '_Bool', '_Alignas', '_Alignof', '_Atomic', '_Generic', '_Noreturn', '_Static_assert', '_Thread_local',
];

/**
 * ECMAScript's global values: the generated TS uses some (`Uint8Array`,
 * `Map`), and code emitted around a module (CommonJS interop, a compiler's
 * or bundler's helpers) uses the others (`Object.defineProperty`, `Symbol`,
 * `Promise`, `Reflect`...). A module-level declaration must shadow none.
 */
const JS_GLOBALS = [
  'AggregateError', 'Array', 'ArrayBuffer', 'Atomics', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Boolean',
  'DataView', 'Date', 'Error', 'EvalError', 'FinalizationRegistry', 'Float32Array', 'Float64Array', 'Function',
  'Int8Array', 'Int16Array', 'Int32Array', 'Intl', 'Iterator', 'JSON', 'Map', 'Math', 'Number', 'Object', 'Promise',
  'Proxy', 'RangeError', 'ReferenceError', 'Reflect', 'RegExp', 'Set', 'SharedArrayBuffer', 'String', 'Symbol',
  'SuppressedError', 'SyntaxError', 'TypeError', 'URIError', 'Uint8Array', 'Uint8ClampedArray', 'Uint16Array',
  'Uint32Array', 'WeakMap', 'WeakRef', 'WeakSet',
];

/**
 * TypeScript's global types that generated signatures name. The other
 * library types (`Record`, `Partial`...) are types only, and a declaration
 * shadows them in the generated module alone, which does not use them:
 * schemas keep those names (the benchmark's struct `Record`).
 */
const TS_GLOBAL_TYPES = ['ReadonlyMap'];

/** AssemblyScript's own globals and builtin types (on top of the JavaScript ones it shares). */
const AS_GLOBALS = [
  'StaticArray', 'Mathf', 'NativeMath', 'NativeMathf', 'Int64Array', 'Uint64Array', 'I8', 'I16', 'I32', 'I64',
  'U8', 'U16', 'U32', 'U64', 'F32', 'F64', 'Bool', 'Isize', 'Usize', 'V128', 'Infinity', 'NaN', 'TemplateStringsArray',
];

export const RESERVED_WORDS = {
  typescript: new Set(JS_RESERVED),
  assemblyscript: new Set(AS_RESERVED),
  c: new Set(C_RESERVED),
} as const;

/** What generated names must avoid, per language: keywords plus globals (C has no globals of its own: libc is not used). */
export const RESERVED_NAMES = {
  typescript: new Set([...JS_RESERVED, ...JS_GLOBALS, ...TS_GLOBAL_TYPES]),
  assemblyscript: new Set([...AS_RESERVED, ...JS_GLOBALS, ...AS_GLOBALS]),
  c: new Set(C_RESERVED),
} as const;

/**
 * Hands out the identifiers of one scope: schema names first (they keep
 * their spelling unless reserved), then derived names, each checked against
 * everything handed out before.
 */
export class Identifiers {
  private readonly taken = new Set<string>();

  constructor(private readonly reserved: ReadonlySet<string>, taken: Iterable<string> = []) {
    for (const name of taken) this.taken.add(name);
  }

  /** `name` with as many trailing underscores as needed to be free, now taken. */
  claim(name: string): string {
    const id = safeIdentifier(name, this.reserved, this.taken);
    this.taken.add(id);
    return id;
  }
}

/** `name`, or `name_` when it is reserved in the language or already taken. */
export function safeIdentifier(name: string, reserved: ReadonlySet<string>, taken: ReadonlySet<string> = new Set()): string {
  let id = name;
  while (reserved.has(id) || taken.has(id)) id += '_';
  return id;
}
