/**
 * The generated modules compile under the strictest settings users run:
 * strict, isolatedModules, verbatimModuleSyntax, exactOptionalPropertyTypes,
 * plus unused-code checks, as ES modules.
 */
import { join } from 'node:path';
import { GOLDEN_DIR, typecheckStrict } from './golden';

it('golden modules type-check with strict ESM settings', () => {
  const tsc = typecheckStrict([join(GOLDEN_DIR, '*.ts')]);
  expect(tsc.output).toBe('');
  expect(tsc.status).toBe(0);
}, 60_000);
