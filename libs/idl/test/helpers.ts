import { compile, type Diagnostic } from '@karmem-ts/idl';

/** Compiles a schema that must be valid and returns its model. */
export function schemaOf(source: string) {
  const result = compile(source, 'test.km');
  if (!result.schema) throw new Error(`expected a valid schema, got:\n${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}`);
  return result.schema;
}

/** `CODE@line:col message` for each diagnostic: compact to assert on. */
export function summarize(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.column} ${d.message}`);
}

/** Removes spans recursively so two trees can be compared for content. */
export function withoutSpans<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'span' ? undefined : typeof v === 'bigint' ? `${v}n` : v)));
}
