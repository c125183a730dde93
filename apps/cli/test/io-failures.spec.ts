/**
 * The CLI's I/O failures, on the real process (docs/cli.md, "Exit codes"):
 * one line, no stack, exit 3; a closed pipe ends quietly; generated files are
 * replaced whole (temporary file + rename).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, runCli, tempDir } from './run-cli';

const AS_ROOT = process.getuid?.() === 0;
const SCHEMA = 'karmem io;\n\nstruct Doc table {\n    Text []char;\n}\n';

/** One `error: ...` line naming `what`, and no stack trace. */
function expectOneLine(stderr: string, what: RegExp): void {
  expect(stderr).toMatch(/^error: [^\n]+\n$/);
  expect(stderr).toMatch(what);
  expect(stderr).not.toMatch(/\n\s+at /);
}

function schemaIn(dir: string): string {
  const file = join(dir, 'io.km');
  writeFileSync(file, SCHEMA);
  return file;
}

/**
 * A folder for the test on a mount with `options` (as root: a real tmpfs),
 * unmounted by the returned function.
 */
function tmpfs(options: string): { dir: string; done: () => void } {
  const dir = tempDir();
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (mount.status !== 0) throw new Error(`mount failed: ${mount.stderr}`);
  return { dir, done: () => (spawnSync('umount', [dir]), rmdirSync(dir)) };
}

/** The real CLI in `cwd`, where every write of a file named `name` fails as on a full disk. */
function withFullDiskAt(name: string, args: readonly string[], cwd: string) {
  const env = { ...process.env, NO_COLOR: '1', KARMEM_ENOSPC_FILE: name };
  return spawnSync(process.execPath, ['-r', join(ROOT, 'apps/cli/test/fixtures/enospc.cjs'), CLI, ...args], { cwd, env, timeout: 30_000 });
}

describe('CLI I/O failures', () => {
  it('fmt --write on a read-only file: exit 3, one line', () => {
    const unformatted = 'karmem io;\nstruct Doc table { Text []char; }\n';
    if (AS_ROOT) {
      // Root writes through file modes: a read-only file system is the read-only file here.
      const { dir, done } = tmpfs('size=64k');
      try {
        writeFileSync(join(dir, 'io.km'), unformatted);
        expect(spawnSync('mount', ['-o', 'remount,ro', dir]).status).toBe(0);
        const run = runCli(['fmt', '--write', join(dir, 'io.km')]);
        expect(run.code).toBe(3);
        expectOneLine(run.stderr, /cannot write .*io\.km: EROFS/);
        expect(readFileSync(join(dir, 'io.km'), 'utf8')).toBe(unformatted);
      } finally {
        done();
      }
    } else {
      const dir = tempDir();
      writeFileSync(join(dir, 'io.km'), unformatted);
      chmodSync(join(dir, 'io.km'), 0o444);
      const run = runCli(['fmt', '--write', join(dir, 'io.km')]);
      expect(run.code).toBe(3);
      expectOneLine(run.stderr, /cannot write .*io\.km: EACCES/);
    }
  });

  it('generate onto a full disk: exit 3, one line, the old file kept whole, no temporary left', () => {
    const big = `karmem io;\n\n${Array.from({ length: 60 }, (_, i) => `struct S${i} table {\n    A uint32;\n    B []char;\n}\n`).join('\n')}`;
    const source = tempDir();
    writeFileSync(join(source, 'io.km'), big);
    const { dir, done } = AS_ROOT ? tmpfs('size=16k') : { dir: tempDir(), done: () => undefined };
    try {
      writeFileSync(join(dir, 'io.ts'), 'old content\n');
      // Not root: the same failure, injected into the real process before it starts.
      const args = AS_ROOT ? [CLI] : ['-r', join(ROOT, 'apps/cli/test/fixtures/enospc.cjs'), CLI];
      const run = spawnSync(process.execPath, [...args, 'generate', join(source, 'io.km'), '--out', dir], { cwd: ROOT, timeout: 30_000 });
      expect(run.status).toBe(3);
      expectOneLine(run.stderr.toString(), /cannot write .*io\.ts: ENOSPC/);
      expect(readFileSync(join(dir, 'io.ts'), 'utf8')).toBe('old content\n');
      expect(readdirSync(dir)).toEqual(['io.ts']);
    } finally {
      done();
    }
  });

  it('standard output on a full disk: exit 3, one line', () => {
    const dir = tempDir();
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [CLI, 'encode', '-s', schemaIn(dir), '-t', 'Doc'], { cwd: ROOT, input: '{"Text":"hi"}', stdio: ['pipe', full, 'pipe'] });
      expect(run.status).toBe(3);
      expectOneLine(run.stderr.toString(), /cannot write standard output: ENOSPC/);
    } finally {
      closeSync(full);
    }
  });

  it('standard input that cannot be read (a folder): exit 3, one line naming it', () => {
    const dir = tempDir();
    const schema = schemaIn(dir);
    const folder = openSync(dir, 'r');
    try {
      for (const command of ['encode', 'decode']) {
        const run = spawnSync(process.execPath, [CLI, command, '-s', schema, '-t', 'Doc'], { cwd: ROOT, stdio: [folder, 'pipe', 'pipe'] });
        expect({ command, code: run.status }).toEqual({ command, code: 3 });
        expect(run.stderr.toString()).toBe('error: cannot read standard input: EISDIR\n');
      }
    } finally {
      closeSync(folder);
    }
  });

  it('a closed pipe (decode ... | head -c 10) ends quietly', async () => {
    const dir = tempDir();
    const schema = schemaIn(dir);
    const message = join(dir, 'm.bin');
    const encoded = runCli(['encode', '-s', schema, '-t', 'Doc'], { input: JSON.stringify({ Text: 'x'.repeat(300_000) }) });
    expect(encoded.code).toBe(0);
    writeFileSync(message, encoded.stdoutBytes);
    const child = spawn(process.execPath, [CLI, 'decode', '-s', schema, '-t', 'Doc', message], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy()); // the reader goes away after its first bytes
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('an impossible --out fails at once with exit 3', () => {
    const dir = tempDir();
    const started = Date.now();
    const run = spawnSync(process.execPath, [CLI, 'generate', schemaIn(dir), '--out', '/proc/1/nope'], { cwd: ROOT, timeout: 20_000 });
    expect(run.status).toBe(3);
    expectOneLine(run.stderr.toString(), /cannot create folder \/proc\/1\/nope: ENOENT/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('--watch on a schema in a missing folder: exit 3 with a message', () => {
    const dir = tempDir();
    const run = spawnSync(process.execPath, [CLI, 'generate', join(dir, 'missing/io.km'), '--watch'], { cwd: ROOT, timeout: 20_000 });
    expect(run.status).toBe(3);
    expectOneLine(run.stderr.toString(), /cannot watch folder .*missing: ENOENT/);
  });

  it('generated files are replaced by a rename: a new file, never the old one rewritten in place', () => {
    const dir = tempDir();
    const schema = schemaIn(dir);
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'io.ts'), 'old\n');
    const before = statSync(join(out, 'io.ts')).ino;
    expect(runCli(['generate', schema, '--out', out]).code).toBe(0);
    expect(statSync(join(out, 'io.ts')).ino).not.toBe(before);
    expect(readFileSync(join(out, 'io.ts'), 'utf8')).toContain('export function encodeDoc');
    expect(readdirSync(out)).toEqual(['io.ts']);
  });

  it('a generated file that is a symbolic link stays one: the file it points at is replaced', () => {
    const dir = tempDir();
    const schema = schemaIn(dir);
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(dir, 'real.ts'), 'old\n');
    symlinkSync(join(dir, 'real.ts'), join(out, 'io.ts'));
    expect(runCli(['generate', schema, '--out', out]).code).toBe(0);
    expect(lstatSync(join(out, 'io.ts')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.ts'), 'utf8')).toContain('export function encodeDoc');
  });

  it('init failing at its last write (package.json) leaves nothing behind, not even the folder it made', () => {
    const dir = tempDir();
    const run = withFullDiskAt('package.json', ['init', 'p'], dir);
    expect(run.status).toBe(3);
    expectOneLine(run.stderr.toString(), /^error: cannot write .*\/p\/package\.json: ENOSPC: nothing written\n$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('init --force failing midway puts back the files it overwrote and removes the ones it made', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.km'), '// mine\n');
    writeFileSync(join(dir, 'package.json'), '{ "name": "mine" }\n');
    const run = withFullDiskAt('stats.ts', ['init', '--force'], dir);
    expect(run.status).toBe(3);
    expectOneLine(run.stderr.toString(), /^error: cannot write .*\/assembly\/stats\.ts: ENOSPC: nothing written\n$/);
    expect(readdirSync(dir).sort()).toEqual(['app.km', 'package.json']);
    expect(readFileSync(join(dir, 'app.km'), 'utf8')).toBe('// mine\n');
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe('{ "name": "mine" }\n');
  });

  it('an unknown root type is a usage error (2) for every command taking --type', () => {
    const dir = tempDir();
    for (const command of ['encode', 'decode']) {
      const run = runCli([command, '-s', schemaIn(dir), '-t', 'Nope'], { input: '' });
      expect({ command, code: run.code }).toEqual({ command, code: 2 });
      expectOneLine(run.stderr, /--type: no struct named Nope/);
    }
  });
});
