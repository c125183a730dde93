/**
 * One place where schema names become identifiers of a target language:
 * reserved words and clashes get a trailing underscore.
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

export const RESERVED_WORDS = {
  typescript: new Set(JS_RESERVED),
  assemblyscript: new Set(AS_RESERVED),
  c: new Set(C_RESERVED),
} as const;

/** `name`, or `name_` when it is reserved in the language or already taken. */
export function safeIdentifier(name: string, reserved: ReadonlySet<string>, taken: ReadonlySet<string> = new Set()): string {
  let id = name;
  while (reserved.has(id) || taken.has(id)) id += '_';
  return id;
}
