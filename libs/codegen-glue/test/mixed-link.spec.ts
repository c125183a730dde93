// The mixed-language link test (issue 14): one schema (schemas/chain.km),
// three modules in three languages. The TypeScript host calls front
// (AssemblyScript), which calls middle (Rust), which calls back (C); each
// adds to the trail on the way in and on the way back, so the answer shows
// that all three ran, in order. In copy mode (each guest its own memory) and
// in shared mode (one memory, the three at their own static bases).
import { generateGlueTypeScript } from '@karmem-ts/codegen-glue';
import { generateTypeScript } from '@karmem-ts/codegen-ts';
import { type GuestInstance, ImportFailedError, type Linked, link } from '@karmem-ts/linker';
import { CHAIN_BASES, CHAIN_SOURCE, backGuest, chainLayout, frontGuest, middleGuest } from './chain-build';
import { expectGolden } from './generate';
import { Back, Front, Middle, schema } from './golden/chain/chain.glue';

describe('the chain schema', () => {
  it.each([...generateTypeScript(chainLayout(), { source: CHAIN_SOURCE }), ...generateGlueTypeScript(chainLayout(), { source: CHAIN_SOURCE })].map((f) => [f.path, f.content]))(
    "the host's TypeScript matches golden/chain/%s",
    (path, content) => expectGolden(`chain/${path}`, content),
  );
});

describe.each(['copy', 'shared'] as const)('TS host -> AssemblyScript -> Rust -> C, %s memory', (memory) => {
  let linked: Linked;
  beforeAll(async () => {
    linked = await link({ schema, memory, modules: { front: frontGuest(), middle: middleGuest(memory).wasm, back: backGuest(memory) } });
  });
  afterAll(() => linked?.close());

  it('one request goes end to end: every hop adds to the trail, in order', () => {
    const answer = linked.client('front', Front, 'object').Pass({ Path: 'ts', Sum: 0n });
    expect(answer).toEqual({ Path: 'ts>as>rust>c<rust<as', Sum: 54_321n });
    // Viewers too, and again: the guests' buffers are reused.
    const viewed = linked.client('front', Front).Pass({ Path: 'again', Sum: 100_000n });
    expect(viewed.Path).toBe('again>as>rust>c<rust<as');
    expect(viewed.Sum).toBe(154_321n);
  });

  it('each hop answers the host directly too', () => {
    expect(linked.client('middle', Middle, 'object').Pass({ Path: 'ts', Sum: 0n })).toEqual({ Path: 'ts>rust>c<rust', Sum: 4_320n });
    expect(linked.client('back', Back, 'object').Pass({ Path: 'ts', Sum: 0n })).toEqual({ Path: 'ts>c', Sum: 300n });
  });

  it('copies messages between memories in copy mode only', () => {
    const { copies } = linked.stats;
    linked.client('front', Front, 'object').Pass({ Path: 'count', Sum: 0n });
    // Two imports, each an argument in and an answer back.
    expect(linked.stats.copies - copies).toBe(memory === 'shared' ? 0 : 4);
  });

  it("in shared mode each guest's static data starts at its own base, in one memory", () => {
    const frames = (['front', 'middle', 'back'] as const).map((name) => {
      const guest = linked.endpoint(name) as GuestInstance;
      const frame = (guest.instance.exports['karmem_frame'] as () => number)();
      return { memory: guest.memory, base: new DataView(guest.memory.buffer).getUint32(frame + 8, true) };
    });
    if (memory === 'shared') {
      expect(frames.map((f) => f.base)).toEqual([CHAIN_BASES.front, CHAIN_BASES.middle, CHAIN_BASES.back]);
      expect(new Set(frames.map((f) => f.memory)).size).toBe(1);
    } else {
      expect(new Set(frames.map((f) => f.memory)).size).toBe(3);
    }
  });

  it("a failure at the end of the chain comes back through both plain imports: ImportFailedError, the C module's error at the bottom", () => {
    let thrown: unknown;
    try {
      linked.client('front', Front, 'object').Pass({ Path: 'fail!', Sum: 0n }); // back fails paths with a "!": code 77
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ImportFailedError);
    expect(thrown).toMatchObject({ module: 'front', failedImport: 'Middle.Pass' });
    let cause = (thrown as Error).cause as Error & { module?: string; code?: number };
    while (cause.cause !== undefined) cause = cause.cause as typeof cause;
    expect(cause).toMatchObject({ module: 'back', function: 'Back.Pass', code: 77 });
    // The chain answers again.
    expect(linked.client('front', Front, 'object').Pass({ Path: 'ts', Sum: 0n }).Sum).toBe(54_321n);
  });
});
