// The karmem code the benchmark runs is what the generators make today.
// UPDATE_GENERATED=1 npx nx run bench:test rewrites the committed files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED, generate } from '../src/generated-sources';
import { WORKSPACE } from '../src/paths';

describe('generated code', () => {
  it.each(GENERATED.map((g) => [g.out, g] as const))('%s is up to date', (_out, source) => {
    const file = join(WORKSPACE, source.out);
    const expected = generate(source);
    if (process.env['UPDATE_GENERATED'] === '1') writeFileSync(file, expected);
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });
});
