/**
 * @karmem-ts/codegen-c: C for WebAssembly guests (and native code), from a
 * schema's layout. `generateC` returns the schema's header and `karmem.h`,
 * the freestanding runtime every generated header includes. See docs/c.md.
 */
export { generateC, GENERATOR_NAME } from './generate';
export { Names } from './names';
export { RUNTIME_HEADER } from './runtime';
