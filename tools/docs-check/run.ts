/**
 * Runs a page's runnable blocks as a reader would: `bash -e` in the folder the
 * marker names, with `karmem-ts` on PATH (the bundled CLI, as if installed)
 * and, in a page's temporary folder, the repository's node_modules linked in
 * (as in a project that installed the packages).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { extractPage, type Page, type RunnableBlock } from './extract';

export const ROOT = resolve(__dirname, '../..');
/** The CLI bundle `nx run cli:build` makes; the docs-check test target depends on it. */
export const CLI = join(ROOT, 'apps/cli/dist/karmem-ts.js');

/** The exit status of coreutils' `timeout` when the time ran out. */
const TIMED_OUT = 124;

export interface BlockResult {
  readonly ok: boolean;
  /** `file:line: ...` with the command and everything it printed, for the failure message. */
  readonly report: string;
}

/** The pages checked: README.md and docs/*.md. */
export function pages(root = ROOT): string[] {
  const docs = join(root, 'docs');
  const names = existsSync(docs) ? readdirSync(docs).filter((n) => n.endsWith('.md')).sort() : [];
  return [...(existsSync(join(root, 'README.md')) ? ['README.md'] : []), ...names.map((n) => `docs/${n}`)];
}

export function readPage(file: string, root = ROOT): Page {
  return extractPage(file, readFileSync(join(root, file), 'utf8'));
}

/** A folder with an executable `karmem-ts` that runs the bundle, to put first on PATH. */
export function cliShim(cli = CLI): string {
  const bin = mkdtempSync(join(tmpdir(), 'docs-check-bin-'));
  const shim = join(bin, 'karmem-ts');
  writeFileSync(shim, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} "$@"\n`);
  chmodSync(shim, 0o755);
  return bin;
}

/** The page's temporary folder: its `file:` blocks written, node_modules linked. */
export function pageFolder(page: Page, root = ROOT): string {
  const dir = mkdtempSync(join(tmpdir(), 'docs-check-'));
  if (existsSync(join(root, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const file of page.files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  return dir;
}

export interface RunContext {
  readonly root: string;
  /** The page's temporary folder, for `cwd=tmp`. */
  readonly tmp: string;
  /** Put first on PATH. */
  readonly bin: string;
}

export function runBlock(block: RunnableBlock, context: RunContext): BlockResult {
  const cwd = block.cwd === 'tmp' ? context.tmp : join(context.root, block.cwd);
  const where = `${block.file}:${block.line}`;
  if (!existsSync(cwd)) return { ok: false, report: `${where}: the marker's folder ${block.cwd} does not exist` };
  // coreutils' timeout signals the whole process group: a command the block
  // started (a server, a sleep) cannot outlive it and hold its output open.
  const result = spawnSync('timeout', ['--kill-after=5', String(block.timeoutSeconds), 'bash', '-e', '-c', block.script], {
    cwd,
    encoding: 'utf8',
    timeout: (block.timeoutSeconds + 30) * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 32 * 1024 * 1024,
    env: { ...process.env, PATH: `${context.bin}:${process.env['PATH'] ?? ''}`, NX_DAEMON: 'false', NO_COLOR: '1' },
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trimEnd();
  const command = block.script.trimEnd().replace(/^/gm, '  $ ');
  const folder = block.cwd === 'tmp' ? `the page's temporary folder (${cwd})` : block.cwd;
  if (result.status === TIMED_OUT || (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT')) {
    return { ok: false, report: `${where}: timed out after ${block.timeoutSeconds} s in ${folder}:\n${command}\n${output}` };
  }
  if (result.error) return { ok: false, report: `${where}: could not run bash: ${result.error.message}` };
  if (result.status !== 0) {
    const how = result.status === null ? `was killed by ${result.signal}` : `exited ${result.status}`;
    return { ok: false, report: `${where}: the block ${how} in ${folder}:\n${command}\n--- output ---\n${output}` };
  }
  return { ok: true, report: `${where}: ok` };
}
