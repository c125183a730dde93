/**
 * @karmem-ts/codegen-go: Go for hosts and services, from a schema's layout.
 * `generateGo` returns the schema's file (`<schema>.go`) and
 * `karmem_runtime.go`, the runtime every generated package holds: one Go
 * package per schema, standard library only. See docs/go.md.
 */
export { generateGo, GENERATOR_NAME } from './generate';
export { Names, GO_RESERVED } from './names';
export { RUNTIME_FILE } from './runtime';
