/**
 * @karmem-ts/codegen-rust: Rust for WebAssembly guests and native code, from a
 * schema's layout. `generateRust` returns one module per schema, with no
 * dependencies and `#![no_std]`-compatible. See docs/rust.md.
 */
export { generateRust, GENERATOR_NAME } from './generate';
export { Names, snakeCase, screamingCase } from './names';
