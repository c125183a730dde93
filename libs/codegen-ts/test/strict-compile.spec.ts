/**
 * The generated modules compile under the strictest settings users run:
 * strict, isolatedModules, verbatimModuleSyntax, exactOptionalPropertyTypes,
 * plus unused-code checks, as ES modules.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOLDEN_DIR, ROOT } from './golden';

it('golden modules type-check with strict ESM settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'karmem-strict-'));
  const config = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      module: 'preserve',
      moduleResolution: 'bundler',
      strict: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      exactOptionalPropertyTypes: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitReturns: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      paths: { '@karmem-ts/runtime': [join(ROOT, 'libs/runtime-ts/src/index.ts')] },
    },
    include: [join(GOLDEN_DIR, '*.ts')],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
}, 60_000);
