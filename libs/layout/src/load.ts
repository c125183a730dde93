import { compile, type Diagnostic, type SchemaFile, type Schema } from '@karmem-ts/idl';
import type { SchemaLayout } from './model';
import { layoutSchema } from './layout';

export interface LoadResult {
  readonly ast: SchemaFile;
  readonly schema?: Schema;
  readonly layout?: SchemaLayout;
  readonly diagnostics: readonly Diagnostic[];
}

/** Source text to layout in one step: parse, resolve, lay out, with every diagnostic on the way. */
export function loadSchema(source: string, file = '<input>'): LoadResult {
  const compiled = compile(source, file);
  if (!compiled.schema) return compiled;
  const laid = layoutSchema(compiled.schema, compiled.ast);
  const result = { ast: compiled.ast, schema: compiled.schema, diagnostics: [...compiled.diagnostics, ...laid.diagnostics] };
  return laid.layout ? { ...result, layout: laid.layout } : result;
}
