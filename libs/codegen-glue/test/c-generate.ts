// Generates the C side of the glue tests: codegen-c's headers for the
// structs, codegen-glue's for the modules. golden/c/ holds codegen-glue's
// (codegen-c's own golden files are libs/codegen-c's).
import { generateC } from '@karmem-ts/codegen-c';
import { generateGlueC } from '@karmem-ts/codegen-glue';
import { SOURCE, layout } from './generate';

/** Every header a C guest of relay.km includes, by file name. */
export function generateAllC(): Map<string, string> {
  const l = layout();
  const files = new Map<string, string>();
  for (const f of generateC(l, { source: SOURCE })) files.set(f.path, f.content);
  for (const f of generateGlueC(l, { source: SOURCE })) files.set(f.path, f.content);
  return files;
}

/** codegen-glue's headers only: what golden/c/ holds. */
export function generateGlueFilesC(): Map<string, string> {
  return new Map(generateGlueC(layout(), { source: SOURCE }).map((f) => [f.path, f.content] as const));
}
