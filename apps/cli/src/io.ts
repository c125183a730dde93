/**
 * What every command shares: reading schemas, printing diagnostics the same
 * way (colour on terminals only, or JSON for editors and CI), exit codes.
 */
import { readFileSync } from 'node:fs';
import { formatLocation, renderDiagnostics, type Diagnostic } from '@karmem-ts/idl';
import { loadSchema, type LoadResult } from '@karmem-ts/layout';
import { renderGithubActions } from './github-actions';

/** Documented in docs/cli.md. */
export const ExitCode = {
  Ok: 0,
  /** The input has problems: schema errors, bad values or bytes, stale files, breaking changes. */
  Problems: 1,
  /** The command line is wrong: unknown option, missing argument. */
  Usage: 2,
  /** A file could not be read or written. */
  Io: 3,
} as const;

/** An error that ends the command with a message and an exit code, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export type DiagnosticFormat = 'text' | 'json' | 'github-actions';

export interface OutputOptions {
  readonly format: DiagnosticFormat;
  readonly color: boolean;
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new CliError(`cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, ExitCode.Io);
  }
}

export function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (cause) {
    throw new CliError(`cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, ExitCode.Io);
  }
}

export interface LoadedSchema extends LoadResult {
  readonly file: string;
  readonly source: string;
}

export function loadSchemaFile(file: string): LoadedSchema {
  const source = readText(file);
  return { file, source, ...loadSchema(source, file) };
}

/** Prints diagnostics to stderr in the chosen format. */
export function reportDiagnostics(files: readonly { file: string; source: string; diagnostics: readonly Diagnostic[] }[], output: OutputOptions): void {
  if (output.format === 'github-actions') {
    // Workflow commands go to stdout, where every runner reads them.
    process.stdout.write(renderGithubActions(files));
    return;
  }
  if (output.format === 'json') {
    const all = files.flatMap(({ diagnostics }) =>
      diagnostics.map((d) => ({
        file: d.span.file,
        line: d.span.line,
        column: d.span.column,
        length: d.span.length,
        severity: d.severity,
        code: d.code,
        message: d.message,
        location: formatLocation(d.span),
        notes: (d.notes ?? []).map((n) => ({ message: n.message, location: formatLocation(n.span) })),
      })),
    );
    process.stderr.write(JSON.stringify({ diagnostics: all }, null, 2) + '\n');
    return;
  }
  for (const { source, diagnostics } of files) {
    if (diagnostics.length > 0) process.stderr.write(renderDiagnostics(diagnostics, source, { color: output.color }) + '\n\n');
  }
  const count = files.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === 'error').length, 0);
  if (count > 0) process.stderr.write(`${count} error${count === 1 ? '' : 's'}\n`);
}

/** Loads a schema and stops with exit code 1 and its diagnostics when it has errors. */
export function requireLayout(file: string, output: OutputOptions) {
  const loaded = loadSchemaFile(file);
  if (!loaded.layout) {
    reportDiagnostics([loaded], output);
    throw new CliError('', ExitCode.Problems);
  }
  return { ...loaded, layout: loaded.layout, schema: loaded.schema! };
}
