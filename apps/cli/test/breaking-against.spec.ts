import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, runCli, tempDir } from './run-cli';

const V1 = 'karmem shop;\n\nenum Kind uint8 { Book; Disc; }\n\nstruct Item table {\n    Id uint32;\n    Price uint16;\n}\n';
/** Compatible with V1: a field appended to the table, a new struct. */
const V2_COMPATIBLE = 'karmem shop;\n\nenum Kind uint8 { Book; Disc; }\n\nstruct Item table {\n    Id uint32;\n    Price uint16;\n    Stock uint32;\n}\n\nstruct Extra table { A uint8; }\n';
/** Breaks V1: Price retyped, the enum removed. */
const V2_BREAKING = 'karmem shop;\n\nstruct Item table {\n    Id uint32;\n    Price uint32;\n}\n';

function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

/** A repository with schemas/shop.km committed as V1 (tagged v1), then edited in the work tree. */
function repoWithSchema(now: string): string {
  const repo = tempDir();
  gitIn(repo, 'init', '--quiet');
  mkdirSync(join(repo, 'schemas'));
  writeFileSync(join(repo, 'schemas/shop.km'), V1);
  gitIn(repo, 'add', '.');
  gitIn(repo, 'commit', '--quiet', '-m', 'v1');
  gitIn(repo, 'tag', 'v1');
  writeFileSync(join(repo, 'schemas/shop.km'), now);
  return repo;
}

describe('karmem-ts breaking --against <git-ref>', () => {
  it('finds the changes that break the schema at the ref, pointing at the new file and naming the old one <ref>:<path>', () => {
    const repo = repoWithSchema(V2_BREAKING);
    // Run from the schemas folder: the path inside the repository comes from git, not from the working directory.
    const run = runCli(['breaking', 'shop.km', '--against', 'HEAD'], { cwd: join(repo, 'schemas') });
    expect(run).toMatchObject({ code: 1, stderr: '' });
    expect(run.stdout.trim().split('\n')).toEqual([
      'HEAD:schemas/shop.km:3:1: enum `Kind` was removed',
      'shop.km:5:5: field `Item.Price` changed from uint16 at offset 8 to uint32 at offset 8',
    ]);
  });

  it('passes a compatible change, whatever ref names the old version', () => {
    const repo = repoWithSchema(V2_COMPATIBLE);
    for (const ref of ['HEAD', 'v1', gitIn(repo, 'rev-parse', 'HEAD').trim()]) {
      expect(runCli(['breaking', 'schemas/shop.km', '--against', ref], { cwd: repo })).toMatchObject({ code: 0, stdout: '', stderr: '' });
    }
  });

  it('checks several schemas at once, and a schema new since the ref has nothing to break (exit 0, with a note)', () => {
    const repo = repoWithSchema(V2_COMPATIBLE);
    writeFileSync(join(repo, 'schemas/new.km'), 'karmem fresh;\nstruct A table { X uint8; }\n');
    const ok = runCli(['breaking', 'schemas/shop.km', 'schemas/new.km', '--against', 'v1'], { cwd: repo });
    expect(ok).toMatchObject({ code: 0, stdout: '', stderr: 'note: schemas/new.km is not in v1: a new schema has nothing to break\n' });
    writeFileSync(join(repo, 'schemas/shop.km'), V2_BREAKING);
    const broken = runCli(['breaking', 'schemas/new.km', 'schemas/shop.km', '--against', 'v1'], { cwd: repo });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('schemas/shop.km:5:5: field `Item.Price` changed');
  });

  it('prints GitHub Actions annotations on the new file', () => {
    const repo = repoWithSchema(V2_BREAKING);
    writeFileSync(join(repo, 'schemas/new.km'), 'karmem fresh;\nstruct A table { X uint8; }\n');
    const run = runCli(['--error-format', 'github-actions', 'breaking', 'schemas/shop.km', 'schemas/new.km', '--against', 'HEAD'], { cwd: repo });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        '::notice file=schemas/new.km::schemas/new.km is not in HEAD: a new schema has nothing to break',
        '::error file=schemas/shop.km,title=breaking change::enum `Kind` was removed (it was at HEAD:schemas/shop.km:3:1)',
        '::error file=schemas/shop.km,line=5,col=5,title=breaking change::field `Item.Price` changed from uint16 at offset 8 to uint32 at offset 8',
        '',
      ].join('\n'),
    );
  });

  it('reports errors in the old schema under its <ref>:<path> name', () => {
    const repo = repoWithSchema(V1);
    writeFileSync(join(repo, 'schemas/shop.km'), 'karmem shop;\nstruct Item table { Id Nope; }\n');
    gitIn(repo, 'commit', '--quiet', '-am', 'broken');
    writeFileSync(join(repo, 'schemas/shop.km'), V1);
    const run = runCli(['breaking', 'schemas/shop.km', '--against', 'HEAD'], { cwd: repo });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('HEAD:schemas/shop.km:2:24');
    expect(run.stderr).toContain('error: HEAD:schemas/shop.km has errors');
  });

  describe('errors', () => {
    it('an unknown ref is a usage error (2)', () => {
      const repo = repoWithSchema(V1);
      const run = runCli(['breaking', 'schemas/shop.km', '--against', 'no-such-branch'], { cwd: repo });
      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toMatch(/^error: --against: unknown git ref "no-such-branch" in .+\n$/);
      // Never passed to git as an option.
      expect(runCli(['breaking', 'schemas/shop.km', '--against=--output=x'], { cwd: repo })).toMatchObject({ code: 2, stderr: 'error: --against: "--output=x" is not a git ref\n' });
    });

    it('a schema outside any git repository is a usage error (2)', () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'shop.km'), V1);
      const run = runCli(['breaking', join(dir, 'shop.km'), '--against', 'HEAD'], { cwd: dir });
      expect(run).toMatchObject({ code: 2, stderr: `error: --against: ${join(dir, 'shop.km')} is not in a git repository\n` });
    });

    it('a missing schema is an I/O error (3)', () => {
      const repo = repoWithSchema(V1);
      const run = runCli(['breaking', 'schemas/gone.km', '--against', 'HEAD'], { cwd: repo });
      expect(run).toMatchObject({ code: 3, stderr: 'error: cannot read schemas/gone.km: ENOENT\n' });
    });

    it('git missing from PATH is an I/O error (3)', () => {
      const repo = repoWithSchema(V1);
      const run = spawnSync(process.execPath, [CLI, 'breaking', 'schemas/shop.km', '--against', 'HEAD'], { cwd: repo, env: { PATH: tempDir(), NO_COLOR: '1' }, encoding: 'utf8' });
      expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 3, stderr: 'error: --against needs git, and git was not found on PATH\n' });
    });

    it('without --against, breaking still takes exactly <old> <new>', () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'shop.km'), V1);
      expect(runCli(['breaking', join(dir, 'shop.km')])).toMatchObject({ code: 2, stderr: 'error: breaking takes <old> <new> (got 1 file), or schemas with --against <git-ref>\n' });
    });
  });
});
