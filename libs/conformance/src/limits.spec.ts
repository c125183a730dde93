import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS_DIR, loadLimitSuites } from '@karmem-ts/conformance';
import { buildLimitSuites } from './limits-build';

const update = process.env['UPDATE_LIMITS'] === '1';

describe('decode-limit vectors (limits/)', () => {
  const built = buildLimitSuites();

  if (update) {
    for (const suite of built) {
      const dir = join(LIMITS_DIR, suite.name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'schema.km'), suite.schema);
      for (const c of suite.cases) {
        const { name, bytes, ...json } = c;
        writeFileSync(join(dir, `${name}.json`), JSON.stringify(json) + '\n');
        writeFileSync(join(dir, `${name}.bin`), bytes);
      }
    }
  }

  it.each(built.flatMap((suite) => suite.cases.map((c) => [`${suite.name}/${c.name}`, suite, c] as const)))('%s on disk is what the builder makes', (_id, suite, c) => {
    const loaded = loadLimitSuites().find((s) => s.name === suite.name)!;
    expect(readFileSync(loaded.schemaFile, 'utf8')).toBe(suite.schema);
    const onDisk = loaded.cases.find((x) => x.name === c.name)!;
    expect(Buffer.from(onDisk.bytes).equals(Buffer.from(c.bytes))).toBe(true);
    expect({ ...onDisk, bytes: undefined, id: undefined }).toEqual({ ...c, bytes: undefined, id: undefined, name: c.name });
  });

  it('has the crafted message of issue 16: 8,020 bytes, 1,000 kids at the root', () => {
    const c = loadLimitSuites().find((s) => s.name === 'tree')!.cases.find((x) => x.name === 'root-cycle')!;
    const view = new DataView(c.bytes.buffer, c.bytes.byteOffset);
    expect(c.bytes.length).toBe(8020);
    expect(view.getUint32(12, true) / view.getUint32(16, true)).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(view.getUint32(20 + i * 8, true)).toBe(0);
  });

  it('keeps our vectors apart from the reference set, with a README', () => {
    expect(readFileSync(join(LIMITS_DIR, 'README.md'), 'utf8')).toMatch(/not part of the reference/);
  });
});
