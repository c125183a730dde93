/**
 * Reading a file as it was at a git ref, for `breaking --against <ref>`.
 * git runs through execFile (never a shell), in the schema's folder, so the
 * ref and the path reach it as plain arguments whatever they contain.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { CliError, ExitCode } from './io';

/** The old side of a comparison: its text, or `undefined` when the file did not exist at the ref. */
export interface FileAtRef {
  /** `<ref>:<path from the repository root>`, the name diagnostics and messages use. */
  readonly name: string;
  readonly source: string | undefined;
}

interface GitResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

function git(args: readonly string[], cwd: string): GitResult {
  try {
    const stdout = execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    return { ok: true, stdout, stderr: '' };
  } catch (cause) {
    const error = cause as NodeJS.ErrnoException & { status?: number | null; stdout?: string; stderr?: string };
    if (error.code === 'ENOENT') throw new CliError('--against needs git, and git was not found on PATH', ExitCode.Io);
    if (typeof error.status !== 'number') throw new CliError(`git ${args[0]} failed: ${error.message}`, ExitCode.Io);
    return { ok: false, stdout: error.stdout ?? '', stderr: error.stderr ?? '' };
  }
}

/** Reads `file` (a path on disk) as it was at `ref` in the repository that holds it. */
export function readFileAtRef(file: string, ref: string): FileAtRef {
  // A ref starting with `-` would reach git as an option.
  if (ref === '' || ref.startsWith('-')) throw new CliError(`--against: "${ref}" is not a git ref`, ExitCode.Usage);
  const absolute = resolve(file);
  const folder = dirname(absolute);
  const top = git(['rev-parse', '--show-toplevel'], folder);
  if (!top.ok) throw new CliError(`--against: ${file} is not in a git repository`, ExitCode.Usage);
  // git prints the real path of the top level; compare real paths (symlinked /tmp on macOS).
  const root = realpathSync(top.stdout.trim());
  const path = relative(root, realpathSync(absolute)).split(sep).join('/');
  const name = `${ref}:${path}`;
  if (!git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], folder).ok) {
    throw new CliError(`--against: unknown git ref "${ref}" in ${root}`, ExitCode.Usage);
  }
  const type = git(['cat-file', '-t', name], root);
  if (!type.ok) return { name, source: undefined };
  if (type.stdout.trim() !== 'blob') throw new CliError(`--against: ${name} is a ${type.stdout.trim()}, not a file`, ExitCode.Usage);
  const shown = git(['show', name], root);
  if (!shown.ok) throw new CliError(`cannot read ${name}: ${shown.stderr.trim()}`, ExitCode.Io);
  return { name, source: shown.stdout };
}
