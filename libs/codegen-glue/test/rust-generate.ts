// Generates the Rust side of the glue tests: codegen-rust's module for the
// structs, codegen-glue's for the modules. golden/rust/ holds codegen-glue's
// (codegen-rust's own golden files are libs/codegen-rust's).
import { generateRust } from '@karmem-ts/codegen-rust';
import { generateGlueRust } from '@karmem-ts/codegen-glue';
import type { SchemaLayout } from '@karmem-ts/layout';
import { SOURCE, layout } from './generate';

/** Every file a Rust guest of `schema` (relay.km unless said) declares, by file name. */
export function generateAllRust(schema: SchemaLayout = layout(), source = SOURCE): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of generateRust(schema, { source })) files.set(f.path, f.content);
  for (const f of generateGlueRust(schema, { source })) files.set(f.path, f.content);
  return files;
}

/** codegen-glue's files only: what golden/rust/ holds. */
export function generateGlueFilesRust(): Map<string, string> {
  return new Map(generateGlueRust(layout(), { source: SOURCE }).map((f) => [f.path, f.content] as const));
}
