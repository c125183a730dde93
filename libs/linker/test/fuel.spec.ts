// Fuel: a guest built with fuel (asbuild --fuel, tools/asbuild/fuel.mjs)
// cannot hang its host. Its budget per call is set by the linker; a guest
// that spends it ends in FuelExhaustedError, is reset, and the next call
// works, in copy, shared and worker modes, for calls from the host and from
// other guests, for start functions, and for an in-thread guest serving a
// worker guest's import.
import { FuelExhaustedError, GuestError, GuestTrapError, type KarmemLinkerError, LinkError, type Linked, type ModuleSource, STATUS, isMetered, link } from '@karmem-ts/linker';
import { inWorker } from '@karmem-ts/linker/worker';
import { FUEL_OP, fuelCallee, meteredAlpha, meteredWat } from './fuel-guests';
import { Answer, Ask, guestText, hostileSchema as schema } from './hostile-guests';
import { Test, schema as testSchema } from './spec';
import { thrown } from './thrown';

const own = fuelCallee({ memory: 'own', base: 1024 });
const shared = fuelCallee({ memory: 'import', base: 0x10000 });
const G = meteredWat({
  calleeOwn: { text: own, fuel: true },
  calleeShared: { text: shared, fuel: true },
  plainOwn: { text: own, fuel: false },
  plainShared: { text: shared, fuel: false },
  spinningStart: { text: fuelCallee({ memory: 'own', base: 1024, spinningStart: true }), fuel: true },
  callerOwn: { text: guestText({ memory: 'own', base: 1024, role: 'caller' }), fuel: true },
  callerShared: { text: guestText({ memory: 'import', base: 0x20000, role: 'caller' }), fuel: true },
});

type Mode = 'copy' | 'shared' | 'worker';
const MODES: Mode[] = ['copy', 'shared', 'worker'];

interface Setup {
  callee?: ModuleSource;
  fuel?: number;
  defaultFuel?: number;
  onFault?: (error: KarmemLinkerError) => void;
}

function linkIn(mode: Mode, setup: Setup = {}): Promise<Linked> {
  const runner = mode === 'worker' ? { runner: inWorker({ timeoutMs: 10_000 }) } : {};
  const fuel = setup.fuel !== undefined ? { fuel: setup.fuel } : {};
  const isShared = mode === 'shared';
  return link({
    schema,
    memory: isShared ? 'shared' : 'copy',
    modules: {
      callee: { source: setup.callee ?? (isShared ? G.calleeShared : G.calleeOwn), ...runner, ...fuel },
      caller: { source: isShared ? G.callerShared : G.callerOwn, ...runner },
    },
    ...(setup.defaultFuel !== undefined ? { fuel: setup.defaultFuel } : {}),
    ...(setup.onFault ? { onFault: setup.onFault } : {}),
  });
}

it('asbuild --fuel meters a module: it imports the counter karmem.fuel', () => {
  expect(isMetered(new WebAssembly.Module(G.calleeOwn))).toBe(true);
  expect(isMetered(new WebAssembly.Module(G.plainOwn))).toBe(false);
});

describe.each(MODES)('fuel, %s mode', (mode) => {
  let linked: Linked;
  const faults: KarmemLinkerError[] = [];
  beforeAll(async () => {
    linked = await linkIn(mode, { fuel: 1000, onFault: (e) => faults.push(e) });
  });
  afterAll(() => linked.close());

  it('a looping guest ends in FuelExhaustedError naming module and function; it is reset and the next call works', () => {
    const get = linked.client('callee', Answer, 'object').Get;
    expect(get({ Value: 1 })).toEqual({ Value: 2 });
    const error = thrown(() => get({ Value: FUEL_OP.LOOP }));
    expect(error).toBeInstanceOf(FuelExhaustedError);
    expect(error).toBeInstanceOf(GuestTrapError);
    expect(error).toMatchObject({ name: 'FuelExhaustedError', module: 'callee', function: 'Answer.Get', budget: 1000 });
    expect(error.message).toMatch(/module "callee", Answer.Get trapped: ran out of fuel \(budget 1000 units per call\) \(the module was reset\)/);
    expect(get({ Value: 41 })).toEqual({ Value: 42 });
  });

  it('the budget is per call: work within it succeeds call after call; more than it fails', () => {
    const get = linked.client('callee', Answer, 'object').Get;
    // 1 unit per iteration (the loop header; $mix, a leaf, is not metered) and per entry of Get and $work.
    for (let i = 0; i < 5; i++) expect(get({ Value: FUEL_OP.WORK + 400 })).toEqual(unmeteredAnswer(400));
    expect(get({ Value: FUEL_OP.WORK + 990 })).toEqual(unmeteredAnswer(990));
    expect(thrown(() => get({ Value: FUEL_OP.WORK + 1000 }))).toBeInstanceOf(FuelExhaustedError);
    expect(get({ Value: FUEL_OP.WORK + 400 })).toEqual(unmeteredAnswer(400));
  });

  it('guest to guest: the callee runs on its own budget; its caller gets CALLEE_TRAPPED, the cause names the callee', () => {
    const go = linked.client('caller', Ask, 'object').Go;
    expect(go({ Value: 7 })).toEqual({ Value: 8 });
    const error = thrown(() => go({ Value: FUEL_OP.LOOP }));
    expect(error).toBeInstanceOf(GuestError);
    expect(error).toMatchObject({ module: 'caller', code: STATUS.CALLEE_TRAPPED });
    expect(error.cause).toBeInstanceOf(FuelExhaustedError);
    expect(error.cause).toMatchObject({ module: 'callee', function: 'Answer.Get' });
    expect(faults.at(-1)).toBeInstanceOf(FuelExhaustedError);
    // The caller (metered, no budget given: unlimited) and the callee (reset) carry on.
    expect(go({ Value: 8 })).toEqual({ Value: 9 });
  });
});

/** What the unmetered build answers to WORK + n (the same module without fuel). */
const plain = new Map<number, { Value: number }>();
function unmeteredAnswer(n: number): { Value: number } {
  let answer = plain.get(n);
  if (!answer) {
    throw new Error(`run the unmetered build for ${n} first`);
  }
  return answer;
}

beforeAll(async () => {
  const linked = await link({ schema, modules: { callee: G.plainOwn } });
  for (const n of [400, 990, 100_000]) plain.set(n, linked.client('callee', Answer, 'object').Get({ Value: FUEL_OP.WORK + n }) as { Value: number });
  await linked.close();
});

describe('a generous budget changes nothing', () => {
  it.each(MODES)('%s mode: the metered guest answers as the unmetered one; with no budget at all it runs unlimited', async (mode) => {
    for (const setup of [{ fuel: 10_000_000 }, {}]) {
      const linked = await linkIn(mode, setup);
      try {
        expect(linked.client('callee', Answer, 'object').Get({ Value: FUEL_OP.WORK + 100_000 })).toEqual(unmeteredAnswer(100_000));
      } finally {
        await linked.close();
      }
    }
  });

  it('LinkOptions.fuel is the default budget of every metered module', async () => {
    const linked = await linkIn('copy', { defaultFuel: 300 });
    try {
      expect(thrown(() => linked.client('callee', Answer, 'object').Get({ Value: FUEL_OP.WORK + 400 }))).toMatchObject({ name: 'FuelExhaustedError', budget: 300 });
    } finally {
      await linked.close();
    }
  });
});

describe('start functions and link() run under the budget', () => {
  it.each(['in-thread', 'worker'] as const)('%s: a start function that loops makes link() fail with a LinkError', async (where) => {
    const runner = where === 'worker' ? { runner: inWorker({ timeoutMs: 10_000 }) } : {};
    const error = await link({ schema, modules: { callee: { source: G.spinningStart, fuel: 100_000, ...runner } } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LinkError);
    expect((error as LinkError).message).toMatch(/module "callee".*start function ran out of fuel \(budget 100000 units/);
    if (where === 'in-thread') expect((error as LinkError).cause).toBeInstanceOf(FuelExhaustedError);
  });
});

describe('budgets the linker refuses', () => {
  it.each([
    ['a budget for a module built without fuel', { source: G.plainOwn, fuel: 1000 }, /not metered: build it with fuel/],
    ['a budget of 0', { source: G.calleeOwn, fuel: 0 }, /fuel must be a positive integer number of units \(or Infinity\), not 0/],
    ['a fractional budget', { source: G.calleeOwn, fuel: 1.5 }, /not 1.5/],
  ])('%s is a LinkError', async (_, callee, message) => {
    const error = await link({ schema, modules: { callee } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LinkError);
    expect((error as LinkError).message).toMatch(message);
  });

  it('a default budget is ignored by modules built without fuel', async () => {
    const linked = await link({ schema, modules: { callee: G.plainOwn }, fuel: 10 });
    try {
      expect(linked.client('callee', Answer, 'object').Get({ Value: FUEL_OP.WORK + 400 })).toEqual(unmeteredAnswer(400));
    } finally {
      await linked.close();
    }
  });
});

describe("a worker's time limit holds when an in-thread guest serves its imports", () => {
  it('a looping in-thread import provider built with fuel is stopped by its budget, well before the limit', async () => {
    const faults: KarmemLinkerError[] = [];
    const linked = await link({
      schema,
      modules: {
        callee: { source: G.calleeOwn, fuel: 1_000_000 },
        caller: { source: G.callerOwn, runner: inWorker({ timeoutMs: 5000 }) },
      },
      onFault: (e) => faults.push(e),
    });
    try {
      const go = linked.client('caller', Ask, 'object').Go;
      const started = performance.now();
      const error = thrown(() => go({ Value: FUEL_OP.LOOP }));
      expect(performance.now() - started).toBeLessThan(5000);
      expect(error).toMatchObject({ name: 'GuestError', module: 'caller', code: STATUS.CALLEE_TRAPPED });
      expect(error.cause).toBeInstanceOf(FuelExhaustedError);
      expect(faults.some((f) => f instanceof FuelExhaustedError && f.module === 'callee')).toBe(true);
      expect(go({ Value: 1 })).toEqual({ Value: 2 });
    } finally {
      await linked.close();
    }
  });
});

describe('an AssemblyScript guest built by asbuild with fuel', () => {
  it('Test.Spin ends in FuelExhaustedError; the module is fresh afterwards', async () => {
    const alpha = meteredAlpha();
    expect(isMetered(new WebAssembly.Module(alpha))).toBe(true);
    const linked = await link({
      schema: testSchema,
      modules: { alpha: { source: alpha, fuel: 5_000_000 } },
      host: { Sink: { Take: () => ({ Address: 0, Length: 0, Checksum: 0 }), Trap: () => undefined, Peek: () => ({ Value: 0 }) } },
    });
    try {
      const test = linked.client('alpha', Test, 'object');
      expect(test.Counter()).toEqual({ Value: 1 });
      expect(test.Counter()).toEqual({ Value: 2 });
      const error = thrown(() => test.Spin());
      expect(error).toBeInstanceOf(FuelExhaustedError);
      expect(error).toMatchObject({ module: 'alpha', function: 'Test.Spin', budget: 5_000_000 });
      expect(test.Counter()).toEqual({ Value: 1 });
      expect(test.Sum(new Uint8Array(10_000).fill(3))).toEqual({ Value: 30_000 });
    } finally {
      await linked.close();
    }
  });
});
