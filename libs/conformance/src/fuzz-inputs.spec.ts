import { loadSchema } from '@karmem-ts/layout';
import { fuzzInputs, structureOf, type Mutation } from './fuzz-inputs';
import { fuzzSchemas } from './fuzz-run';
import { loadLimitSuites, loadSuites } from './index';

const scene = loadSuites().find((s) => s.name === 'scene')!;
const sceneLayout = loadSchema(scene.schemaSource, scene.schemaFile).layout!;
const seeds = scene.cases.map((c) => ({ type: c.type, bytes: c.bytes }));

describe('structureOf', () => {
  it('finds the root table, its size word, and every pointer a sound message has', () => {
    const c = scene.cases.find((x) => x.type === 'Scene')!;
    const s = structureOf(sceneLayout, c.type, c.bytes);
    expect(s.tables[0]).toBe(0);
    expect(s.sizes[0]).toEqual({ at: 0 });
    expect(s.pointers.length).toBeGreaterThan(0);
    const view = new DataView(c.bytes.buffer, c.bytes.byteOffset, c.bytes.byteLength);
    // Every pointer found lies inside the message and (in a sound message) points inside it.
    for (const at of s.pointers) {
      expect(at + 4).toBeLessThanOrEqual(c.bytes.length);
      expect(view.getUint32(at, true)).toBeLessThanOrEqual(c.bytes.length);
    }
  });

  it('stays bounded on a message whose offsets all point back at the root', () => {
    const tree = loadLimitSuites().find((s) => s.name === 'tree')!;
    const layout = loadSchema(tree.schemaSource, tree.schemaFile).layout!;
    for (const c of tree.cases) expect(structureOf(layout, c.type, c.bytes).pointers.length).toBeLessThanOrEqual(4096);
  });
});

describe('fuzzInputs', () => {
  it('is deterministic in its seed and differs across seeds', () => {
    const run = (seed: number) => [...fuzzInputs(sceneLayout, seeds, { seed, count: 300 })].map((i) => Buffer.from(i.bytes).toString('hex'));
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('makes every kind of mutation, and the count asked for', () => {
    const inputs = [...fuzzInputs(sceneLayout, seeds, { seed: 1, count: 3000 })];
    expect(inputs).toHaveLength(3000);
    const kinds = new Set<Mutation>(inputs.map((i) => i.mutation));
    for (const k of ['seed', 'reuse', 'self', 'share-all', 'max-size', 'end-size', 'truncate', 'flip', 'edge', 'noise'] as const) expect(kinds).toContain(k);
    // Scene has no limited slice; textlimits has.
    const text = loadSuites().find((s) => s.name === 'textlimits')!;
    const textLayout = loadSchema(text.schemaSource, text.schemaFile).layout!;
    const overLimit = [...fuzzInputs(textLayout, text.cases.map((c) => ({ type: c.type, bytes: c.bytes })), { seed: 1, count: 3000 })].filter((i) => i.mutation === 'over-limit');
    expect(overLimit.length).toBeGreaterThan(0);
  });

  it('a structural mutation changes a pointer to a place the message already uses', () => {
    const inputs = [...fuzzInputs(sceneLayout, seeds, { seed: 3, count: 2000 })].filter((i) => i.mutation === 'self');
    expect(inputs.length).toBeGreaterThan(0);
    // Some self-referencing input differs from every seed (it is not a no-op).
    const seedHex = new Set(seeds.map((s) => Buffer.from(s.bytes).toString('hex')));
    expect(inputs.some((i) => !seedHex.has(Buffer.from(i.bytes).toString('hex')))).toBe(true);
  });

  it('covers every conformance and limits schema', () => {
    const names = fuzzSchemas().map((s) => s.name);
    for (const s of loadSuites()) expect(names).toContain(s.name);
    for (const s of loadLimitSuites()) expect(names).toContain(s.name);
  });
});
