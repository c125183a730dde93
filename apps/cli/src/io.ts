/**
 * What every command shares: reading schemas, printing diagnostics the same
 * way (colour on terminals only, or JSON for editors and CI), exit codes.
 */
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
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

/** What went wrong with a file, in one line: the system's code (`ENOENT`), else the message's first line. */
export function describeIoError(cause: unknown): string {
  const error = cause as NodeJS.ErrnoException;
  if (typeof error?.code === 'string') return error.code;
  return String(error?.message ?? cause).split('\n')[0]!;
}

/** An I/O failure as the CLI reports it: one line, exit 3. */
export function ioError(action: string, path: string, cause: unknown): CliError {
  return new CliError(`cannot ${action} ${path}: ${describeIoError(cause)}`, ExitCode.Io);
}

export function readText(path: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (cause) {
    throw ioError('read', path, cause);
  }
}

export function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(fs.readFileSync(path));
  } catch (cause) {
    throw ioError('read', path, cause);
  }
}

/**
 * Creates `dir` and its missing parents, one level at a time: Node's
 * recursive mkdir loops forever under /proc (`--out /proc/1/nope`), this fails at once.
 */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !isDirectory(d); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST' || !isDirectory(d)) throw ioError('create folder', d, cause);
    }
  }
}

function isDirectory(path: string): boolean {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Writes a file whole or not at all: the content goes to a temporary file in
 * the same folder, which is then renamed over `path`, so a reader sees the old
 * file or the new one, never half of either. An existing file keeps its mode;
 * a file the user may not write (read-only) is refused, as a plain write would.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  let mode: number | undefined;
  // A symbolic link stays one: the file it points at is replaced.
  let target = path;
  try {
    target = fs.realpathSync(path);
    mode = fs.statSync(target).mode & 0o7777;
    fs.accessSync(target, fs.constants.W_OK);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError('write', path, cause);
  }
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    fs.writeFileSync(temporary, content, mode === undefined ? {} : { mode });
    fs.renameSync(temporary, target);
  } catch (cause) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Best effort: the write already failed, and that is what is reported.
    }
    throw ioError('write', path, cause);
  }
}

/**
 * Standard output and error failures (the disk is full, the reader went
 * away): a closed pipe (`decode ... | head -c 10`) ends the command quietly
 * with exit 0; anything else is one line on stderr and exit 3.
 */
export function handleStreamErrors(): void {
  for (const [stream, name] of [
    [process.stdout, 'standard output'],
    [process.stderr, 'standard error'],
  ] as const) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(ExitCode.Ok);
      if (stream !== process.stderr) {
        try {
          fs.writeSync(2, `error: cannot write ${name}: ${describeIoError(error)}\n`);
        } catch {
          // stderr is gone too: the exit code says it.
        }
      }
      process.exit(ExitCode.Io);
    });
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
