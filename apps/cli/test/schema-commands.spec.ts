import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, tempDir } from './run-cli';

const EXAMPLE = join(ROOT, 'examples/game/game.km');

describe('karmem-ts check / layout / fmt', () => {
  it('check passes a valid schema silently', () => {
    expect(runCli(['check', EXAMPLE])).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('check reports every error with file:line:col, the line and a caret, and exits 1', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.km');
    writeFileSync(file, 'karmem bad;\nstruct A table {\n    X Vec4;\n    y uint8;\n}\n');
    const run = runCli(['check', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error[KM301]: unknown type \`Vec4\`\n --> ${file}:3:7\n  |\n3 |     X Vec4;\n  |       ^^^^`);
    expect(run.stderr).toContain(`--> ${file}:4:5`);
    expect(run.stderr).toContain('2 errors');
    expect(run.stderr).not.toContain('\u001b[');
  });

  it('check --format json gives machine-readable diagnostics', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.km');
    writeFileSync(file, 'karmem bad;\nenum E uint8 { A = 1; }\n');
    const run = runCli(['--format', 'json', 'check', file]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr)).toEqual({
      diagnostics: [
        expect.objectContaining({ file, line: 2, column: 6, code: 'KM405', severity: 'error', location: `${file}:2:6` }),
      ],
    });
  });

  it('layout prints offsets, sizes and ids', () => {
    const run = runCli(['layout', EXAMPLE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('struct Vec3 inline packed: size 12 (12 content + 0 padding), id 0x8e81d85531a9120b');
    expect(run.stdout).toMatch(/@4 +Pos +Vec3 +12 B/);
  });

  it('fmt prints, checks and rewrites canonical text', () => {
    const dir = tempDir();
    const file = join(dir, 'ugly.km');
    writeFileSync(file, 'karmem ugly;struct A table{X uint8;LongName []char;}');
    const canonical = 'karmem ugly;\n\nstruct A table {\n    X        uint8;\n    LongName []char;\n}\n';
    expect(runCli(['fmt', file])).toMatchObject({ code: 0, stdout: canonical });
    const check = runCli(['fmt', '--check', file]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(file);
    expect(runCli(['fmt', '--write', file]).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(canonical);
    expect(runCli(['fmt', '--check', file])).toMatchObject({ code: 0, stderr: '' });
  });

  it('fmt refuses to rewrite a file that does not parse', () => {
    const dir = tempDir();
    const file = join(dir, 'broken.km');
    writeFileSync(file, 'karmem b;\nstruct A table { X uint8 }\n');
    const run = runCli(['fmt', '--write', file]);
    expect(run.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe('karmem b;\nstruct A table { X uint8 }\n');
  });

  it('exits 2 on unknown options and missing arguments, 3 on unreadable files', () => {
    expect(runCli(['check', '--bogus', EXAMPLE]).code).toBe(2);
    expect(runCli(['layout']).code).toBe(2);
    expect(runCli(['fmt', '--check', '--write', EXAMPLE]).code).toBe(2);
    const missing = runCli(['check', join(tempDir(), 'nope.km')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/cannot read .*nope\.km: ENOENT/);
  });

  it('--help works for every command', () => {
    for (const command of ['check', 'layout', 'fmt']) {
      const run = runCli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: karmem-ts ${command}`);
    }
  });
});
