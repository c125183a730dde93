import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, tempDir } from './run-cli';

const PROFILE = join(ROOT, 'libs/conformance/vectors/evolve-profile');

describe('karmem-ts breaking', () => {
  it('passes appended table fields', () => {
    expect(runCli(['breaking', join(PROFILE, 'v1.km'), join(PROFILE, 'schema.km')])).toMatchObject({ code: 0, stdout: '' });
  });

  it('lists each breaking change with its location and exits 1', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'old.km'), 'karmem a;\nstruct T table {\n    A uint8;\n    B uint16;\n}\n');
    writeFileSync(join(dir, 'new.km'), 'karmem a;\nstruct T table {\n    A uint32;\n}\n');
    const run = runCli(['breaking', join(dir, 'old.km'), join(dir, 'new.km')]);
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split('\n')).toEqual([
      `${join(dir, 'new.km')}:3:5: field \`T.A\` changed from uint8 at offset 4 to uint32 at offset 4`,
      `${join(dir, 'new.km')}:2:1: field \`T.B\` was removed (fields may only be appended)`,
    ]);
    const json = runCli(['--format', 'json', 'breaking', join(dir, 'old.km'), join(dir, 'new.km')]);
    expect(JSON.parse(json.stdout).breaking).toHaveLength(2);
  });

  it('reports schema errors instead of comparing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.km'), 'karmem a;\nstruct T table { A Nope; }\n');
    const run = runCli(['breaking', join(dir, 'bad.km'), join(PROFILE, 'v1.km')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bad.km:2:20');
  });
});
