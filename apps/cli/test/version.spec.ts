import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, tempDir } from './run-cli';

const manifest = JSON.parse(readFileSync(join(ROOT, 'apps/cli/package.json'), 'utf8')) as { version: string };

describe('the version', () => {
  it('--version prints the karmem-ts package version (what nx release moves)', () => {
    expect(runCli(['--version'])).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });
  });

  it('init makes the starter depend on the @karmem-ts packages at that version', () => {
    const dir = join(tempDir(), 'app');
    expect(runCli(['init', dir]).code).toBe(0);
    const starter = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const range = `^${manifest.version}`;
    expect(starter.dependencies).toMatchObject({ '@karmem-ts/runtime': range, '@karmem-ts/linker': range, '@karmem-ts/runtime-as': range });
    expect(starter.devDependencies['karmem-ts']).toBe(range);
  });
});
