import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const nx = (...args: string[]) =>
  spawnSync(process.execPath, [require.resolve('nx/bin/nx'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } });

describe('the workspace.json plugin', () => {
  const registry = JSON.parse(readFileSync(join(ROOT, 'workspace.json'), 'utf8')) as { projects: Record<string, { root: string }> };

  it('makes `nx show projects` list exactly the projects of workspace.json', () => {
    const run = nx('show', 'projects', '--json');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as string[]).sort()).toEqual(Object.keys(registry.projects).sort());
  });

  it('infers test and typecheck targets, keeping targets written in workspace.json', () => {
    const run = nx('show', 'project', 'cli', '--json');
    const cli = JSON.parse(run.stdout) as { root: string; targets: Record<string, { options: { command?: string }; dependsOn?: unknown[] }> };
    expect(cli.root).toBe('apps/cli');
    expect(Object.keys(cli.targets)).toEqual(expect.arrayContaining(['build', 'test', 'typecheck', 'generate', 'example']));
    expect(cli.targets['test']!.dependsOn).toEqual(['build']);
    expect(cli.targets['typecheck']!.options.command).toBe('tsc -p tsconfig.json --noEmit');
  });

  it('makes UPDATE_GOLDEN an input of inferred test targets, so that setting it runs the tests instead of replaying the cache', () => {
    const run = nx('show', 'project', 'codegen-ts', '--json');
    const project = JSON.parse(run.stdout) as { targets: Record<string, { inputs?: unknown[] }> };
    expect(project.targets['test']!.inputs).toContainEqual({ env: 'UPDATE_GOLDEN' });
  });
});
