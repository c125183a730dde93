import type { SchemaFile } from './ast';
import type { Diagnostic } from './diagnostics';
import type { Schema } from './model';
import { parse } from './parser';
import { resolve } from './resolve';

export interface CompileResult {
  readonly ast: SchemaFile;
  /** Present when the file has no errors. */
  readonly schema?: Schema;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses and resolves one schema. Resolution runs even after syntax errors
 * (on what could be parsed), so a single run reports both kinds of problem.
 */
export function compile(source: string, file = '<input>'): CompileResult {
  const parsed = parse(source, file);
  const resolved = resolve(parsed.ast);
  const diagnostics = [...parsed.diagnostics, ...resolved.diagnostics].sort((a, b) => a.span.offset - b.span.offset);
  const ok = parsed.diagnostics.length === 0 && resolved.schema;
  return ok ? { ast: parsed.ast, schema: resolved.schema, diagnostics } : { ast: parsed.ast, diagnostics };
}
