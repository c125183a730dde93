// Hostile guests (WAT, ./hostile-guests.ts) and buggy hosts, in copy,
// shared and worker modes: every pointer, length and status a guest gives
// is checked (./src/boundary.ts), the offender is blamed and reset, caps
// hold, errors are typed, and a closed linker stays closed.
import {
  ClosedError,
  GuestError,
  GuestProtocolError,
  GuestTrapError,
  HostCallbackError,
  HostFunctionError,
  ImportFailedError,
  type KarmemLinkerError,
  LinkError,
  type Linked,
  type ModuleSource,
  STATUS,
  link,
} from '@karmem-ts/linker';
import { inWorker } from '@karmem-ts/linker/worker';
import { Answer, Ask, OP, guestText, hostileSchema as schema } from './hostile-guests';
import { thrown } from './thrown';
import { wat } from './wat';

const G = wat({
  calleeOwn: guestText({ memory: 'own', base: 1024, role: 'callee' }),
  callerOwn: guestText({ memory: 'own', base: 1024, role: 'caller' }),
  calleeImport: guestText({ memory: 'import', base: 0x10000, role: 'callee' }),
  callerImport: guestText({ memory: 'import', base: 0x20000, role: 'caller' }),
  callerOwnChecked: guestText({ memory: 'own', base: 1024, role: 'caller', checked: true }),
  callerImportChecked: guestText({ memory: 'import', base: 0x20000, role: 'caller', checked: true }),
  calleeBadReserve: guestText({ memory: 'own', base: 1024, role: 'callee', reserve: '(i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 8))' }),
  callerBadReserve: guestText({ memory: 'own', base: 1024, role: 'caller', reserve: '(select (i32.const 0xFFFFFFF0) (i32.const 5120) (local.get $region))' }),
  frameOutside: guestText({ memory: 'own', base: 1024, role: 'callee', frame: '(i32.const 0x7FFFFF00)' }),
  frameMisaligned: guestText({ memory: 'own', base: 1024, role: 'callee', frame: '(i32.const 1027)' }),
  frameOutsideShared: guestText({ memory: 'import', base: 0x10000, role: 'callee', frame: '(i32.const 0x7FFFFF00)' }),
  frameTraps: guestText({ memory: 'own', base: 1024, role: 'callee', frame: '(unreachable)' }),
  abiTraps: guestText({ memory: 'own', base: 1024, role: 'callee', abi: '(unreachable)' }),
  flaky: guestText({ memory: 'own', base: 1024, role: 'callee', flakyStart: true }),
  i64: guestText({ memory: 'own', base: 1024, role: 'callee', i64: true }),
});

type Mode = 'copy' | 'shared' | 'worker';
const MODES: Mode[] = ['copy', 'shared', 'worker'];

/** Links callee (and caller) in `mode`: shared memory, or each guest in a worker thread. */
interface LinkExtra {
  caller?: boolean;
  callerSource?: ModuleSource;
  calleeSource?: ModuleSource;
  onFault?: (e: KarmemLinkerError) => void;
  memoryLimit?: number;
  maximumPages?: number;
}

function linkIn(mode: Mode, extra: LinkExtra = {}): Promise<Linked> {
  const runner = mode === 'worker' ? inWorker({ timeoutMs: 5000 }) : undefined;
  const guest = (source: ModuleSource) => ({ source, ...(runner ? { runner } : {}), ...(extra.memoryLimit !== undefined ? { memoryLimit: extra.memoryLimit } : {}) });
  const own = mode !== 'shared';
  return link({
    schema,
    memory: own ? 'copy' : 'shared',
    modules: {
      callee: guest(extra.calleeSource ?? (own ? G.calleeOwn : G.calleeImport)),
      ...(extra.caller === false ? {} : { caller: guest(extra.callerSource ?? (own ? G.callerOwn : G.callerImport)) }),
    },
    ...(extra.onFault ? { onFault: extra.onFault } : {}),
    ...(extra.maximumPages !== undefined ? { maximumPages: extra.maximumPages } : {}),
  });
}

const BAD_ANSWERS = [
  ['straddling the end of its memory', OP.STRADDLE, /its answer \[\d+, \+100\) lies outside its memory \(\d+ bytes\)/],
  ['outside its memory', OP.OUTSIDE, /its answer \[4294967040, \+8\) lies outside its memory/],
  ['0x7FFFFFF0 bytes long', OP.HUGE, /its answer \[\d+, \+2147483632\) lies outside its memory/],
  ['empty, for a function with a result', OP.EMPTY, /answered nothing \(status 0\), but the function answers a Count/],
  ['status -16, a linker code', OP.FORGE, /returned status -16 \(CALLEE_TRAPPED\), a code only the linker gives/],
] as const;

describe.each(MODES)('a guest lying about its answer (%s)', (mode) => {
  let linked: Linked;
  beforeAll(async () => {
    linked = await linkIn(mode);
  });
  afterAll(() => linked.close());

  it.each(BAD_ANSWERS)('to the host: an answer %s is a GuestProtocolError naming it; it is reset', (_label, op, message) => {
    const get = linked.client('callee', Answer, 'object');
    expect(get.Get({ Value: OP.COUNT })).toEqual({ Value: expect.any(Number) });
    const resets = linked.endpoint('callee').resets;
    const error = thrown(() => get.Get({ Value: op }));
    expect(error).toBeInstanceOf(GuestProtocolError);
    expect(error).toMatchObject({ module: 'callee', function: 'Answer.Get' });
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/\(the module was reset\)$/);
    expect(linked.endpoint('callee').resets).toBe(resets + 1);
    // Fresh: this instance has served one call.
    expect(get.Get({ Value: OP.COUNT })).toEqual({ Value: 1 });
  });

  it.each(BAD_ANSWERS)('to another guest: an answer %s fails the caller with the callee blamed and reset', (_label, op, message) => {
    const go = linked.client('caller', Ask, 'object');
    const before = { callee: linked.endpoint('callee').resets, caller: linked.endpoint('caller').resets };
    const error = thrown(() => go.Go({ Value: op })) as GuestError;
    // The caller passed on the failure status the linker gave it: allowed.
    expect(error).toBeInstanceOf(GuestError);
    expect(error).toMatchObject({ module: 'caller', function: 'Ask.Go', code: STATUS.CALLEE_FAILED });
    expect(error.cause).toBeInstanceOf(GuestProtocolError);
    expect(error.cause).toMatchObject({ module: 'callee', function: 'Answer.Get' });
    expect((error.cause as Error).message).toMatch(message);
    expect(linked.endpoint('callee').resets).toBe(before.callee + 1);
    expect(linked.endpoint('caller').resets).toBe(before.caller);
    expect(go.Go({ Value: 41 })).toEqual({ Value: 42 });
  });

  it('a caller passing an argument outside its memory is blamed and reset; the callee is never called', () => {
    const go = linked.client('caller', Ask, 'object');
    const calls = linked.endpoint('callee').calls;
    const resets = linked.endpoint('caller').resets;
    const error = thrown(() => go.Go({ Value: OP.BAD_ARGUMENT }));
    expect(error).toBeInstanceOf(GuestProtocolError);
    expect(error).toMatchObject({ module: 'caller', function: 'Ask.Go' });
    expect(error.message).toMatch(/the argument it passed to import Answer\.Get \[\d+, \+100\) lies outside its memory/);
    expect(linked.endpoint('callee').calls).toBe(calls);
    expect(linked.endpoint('caller').resets).toBe(resets + 1);
    expect(go.Go({ Value: 41 })).toEqual({ Value: 42 });
  });

  it('a caller returning a linker code nobody gave it is blamed', () => {
    const error = thrown(() => linked.client('caller', Ask, 'object').Go({ Value: OP.CALLER_FORGE }));
    expect(error).toBeInstanceOf(GuestProtocolError);
    expect(error).toMatchObject({ module: 'caller', function: 'Ask.Go' });
    expect(error.message).toMatch(/returned status -16 \(CALLEE_TRAPPED\), a code only the linker gives, and no import of this call failed with it/);
  });

  it('application codes pass through unchanged, and nobody is reset', () => {
    const resets = linked.endpoint('callee').resets;
    const error = thrown(() => linked.client('caller', Ask, 'object').Go({ Value: OP.FAIL }));
    expect(error).toMatchObject({ name: 'GuestError', module: 'caller', code: 70 });
    expect(linked.endpoint('callee').resets).toBe(resets);
  });
});

describe.each(MODES)('failed imports (%s)', (mode) => {
  it("a plain import that fails ends the caller's call: ImportFailedError, the callee's error as cause, even though it carried on", async () => {
    const linked = await linkIn(mode);
    const go = linked.client('caller', Ask, 'object');
    const failed = thrown(() => go.Go({ Value: OP.CARRY_ON + OP.FAIL })) as ImportFailedError;
    expect(failed).toBeInstanceOf(ImportFailedError);
    expect(failed).toMatchObject({ module: 'caller', function: 'Ask.Go', failedImport: 'Answer.Get', code: 70 });
    expect(failed.message).toContain('its answer was refused (the module was not reset)');
    expect(failed.cause).toMatchObject({ name: 'GuestError', module: 'callee', function: 'Answer.Get', code: 70 });
    const broke = thrown(() => go.Go({ Value: OP.CARRY_ON + OP.FORGE })) as ImportFailedError;
    expect(broke).toMatchObject({ name: 'ImportFailedError', module: 'caller', code: STATUS.CALLEE_FAILED });
    expect(broke.cause).toBeInstanceOf(GuestProtocolError);
    expect(broke.cause).toMatchObject({ module: 'callee' });
    // Neither the caller nor its state was harmed: the next call answers.
    expect(go.Go({ Value: 41 })).toEqual({ Value: 42 });
    expect(linked.endpoint('caller').resets).toBe(0);
    await linked.close();
  });

  it('a checked import (karmem-checked:) returns the status, and a guest that carries on answers', async () => {
    const linked = await linkIn(mode, { callerSource: mode === 'shared' ? G.callerImportChecked : G.callerOwnChecked });
    expect(linked.client('caller', Ask, 'object').Go({ Value: OP.CARRY_ON + OP.FAIL })).toEqual({ Value: 0 });
    expect(linked.faults.at(-1)).toMatchObject({ name: 'GuestError', module: 'callee', code: 70 });
    // Passing the status on is allowed too: the host's GuestError has the callee's error as cause.
    const passed = thrown(() => linked.client('caller', Ask, 'object').Go({ Value: OP.FORGE })) as GuestError;
    expect(passed).toMatchObject({ name: 'GuestError', module: 'caller', code: STATUS.CALLEE_FAILED });
    expect(passed.cause).toBeInstanceOf(GuestProtocolError);
    await linked.close();
  });
});

describe.each(['copy', 'worker'] as const)('regions a guest reserves (%s)', (mode) => {
  it('a callee reserving a region past its memory is blamed (host call, and guest call)', async () => {
    const linked = await linkIn(mode, { calleeSource: G.calleeBadReserve });
    const error = thrown(() => linked.client('callee', Answer, 'object').Get({ Value: 41 }));
    expect(error).toBeInstanceOf(GuestProtocolError);
    expect(error).toMatchObject({ module: 'callee' });
    expect(error.message).toMatch(/the region karmem_reserve\(0, \d+\) returned \[\d+, \+\d+\) lies outside its memory/);
    const fromGuest = thrown(() => linked.client('caller', Ask, 'object').Go({ Value: 41 })) as GuestError;
    expect(fromGuest).toMatchObject({ name: 'GuestError', module: 'caller', code: STATUS.CALLEE_FAILED });
    expect(fromGuest.cause).toBeInstanceOf(GuestProtocolError);
    expect(fromGuest.cause).toMatchObject({ module: 'callee' });
    expect(linked.endpoint('caller').resets).toBe(0);
    await linked.close();
  });

  it("a caller whose RET region lies outside its memory is blamed, not its callee", async () => {
    const linked = await linkIn(mode, { callerSource: G.callerBadReserve });
    const error = thrown(() => linked.client('caller', Ask, 'object').Go({ Value: 41 }));
    expect(error).toBeInstanceOf(GuestProtocolError);
    expect(error).toMatchObject({ module: 'caller', function: 'Ask.Go' });
    expect(error.message).toMatch(/karmem_reserve\(1, \d+\) returned \[4294967280, \+\d+\) lies outside its memory/);
    expect(linked.endpoint('callee').resets).toBe(0);
    await linked.close();
  });
});

describe.each(MODES)('frames and link-time guest data (%s)', (mode) => {
  const cases: [string, keyof typeof G, RegExp][] = [
    ['outside its memory', mode === 'shared' ? 'frameOutsideShared' : 'frameOutside', /its frame \(karmem_frame\) \[2147483392, \+16\) lies outside its memory/],
    ...(mode === 'shared'
      ? []
      : ([
          ['misaligned', 'frameMisaligned', /its frame address 1027 \(karmem_frame\) is not 4-byte aligned/],
          ['from a trapping karmem_frame', 'frameTraps', /karmem_frame\(\) trapped|unreachable/],
          ['from a trapping karmem_abi_version', 'abiTraps', /karmem_abi_version\(\) trapped|unreachable/],
        ] as [string, keyof typeof G, RegExp][])),
  ];
  it.each(cases)('a frame %s is a LinkError naming the module', async (_label, source, problem) => {
    const error = await linkIn(mode, { caller: false, calleeSource: G[source] }).then(
      (linked) => linked.close().then(() => new Error('linked')),
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(LinkError);
    expect(error).toMatchObject({ module: 'callee' });
    expect(error.message).toMatch(problem);
  });
});

describe('exports of the wrong type', () => {
  it('from bytes: a LinkError', async () => {
    await expect(link({ schema, modules: { callee: G.i64 } })).rejects.toMatchObject({ name: 'LinkError', module: 'callee', problem: 'export "Answer_Get" has type (i32,i32)->i64, expected (i32,i32)->i32' });
  });

  it.each(['copy', 'worker'] as const)('from a compiled module (%s): the first call is a GuestProtocolError that says the check needs bytes', async (mode) => {
    const compiled = await WebAssembly.compile(G.i64);
    const linked = await link({ schema, modules: { callee: mode === 'worker' ? { source: compiled, runner: inWorker() } : compiled } });
    const error = thrown(() => linked.client('callee', Answer, 'object').Get({ Value: 41 }));
    expect(error).toBeInstanceOf(GuestProtocolError);
    expect(error.message).toMatch(/returned a bigint, not an i32 status: .*checked at link time only when the linker is given its bytes/);
    await linked.close();
  });
});

describe.each(MODES)('caps that hold (%s)', (mode) => {
  it("a guest's own memory.grow fails past its cap", async () => {
    const cap = mode === 'shared' ? { maximumPages: 8 } : { memoryLimit: 8 * 65536 };
    const linked = await linkIn(mode, { caller: false, ...cap });
    expect(linked.client('callee', Answer, 'object').Get({ Value: OP.GROW })).toEqual({ Value: 0xffffffff });
    await linked.close();
  });
});

describe('caps below what a module needs', () => {
  it('maximumPages below the static data of shared guests is a LinkError', async () => {
    await expect(link({ schema, memory: 'shared', maximumPages: 1, modules: { callee: G.calleeImport, caller: G.callerImport } })).rejects.toMatchObject({
      name: 'LinkError',
      problem: "maximumPages 1 is below the 3 pages the modules' static data need",
    });
  });

  it('a memoryLimit below the pages an imported memory starts with is a LinkError', async () => {
    await expect(link({ schema, modules: { callee: { source: G.calleeImport, memoryLimit: 65536 } } })).rejects.toMatchObject({
      name: 'LinkError',
      module: 'callee',
      problem: 'memoryLimit 65536 bytes (1 pages) is below the 2 pages (131072 bytes) its memory starts with',
    });
  });
});

describe('errors that are the host\'s', () => {
  it.each(MODES)('a throwing onFault is a HostCallbackError; no guest is reset (%s)', async (mode) => {
    const linked = await linkIn(mode, {
      onFault: () => {
        throw new Error('onFault is broken');
      },
    });
    const error = thrown(() => linked.client('caller', Ask, 'object').Go({ Value: OP.FAIL }));
    expect(error).toBeInstanceOf(HostCallbackError);
    expect(error.message).toBe('karmem: the host\'s onFault callback threw: onFault is broken (module "callee" was not reset)');
    expect(linked.endpoint('caller').resets).toBe(0);
    expect(linked.endpoint('callee').resets).toBe(0);
    expect(linked.client('caller', Ask, 'object').Go({ Value: 41 })).toEqual({ Value: 42 });
    await linked.close();
  });

  it.each(MODES)('a throwing onFault fails a call that otherwise answered (a checked import failed, the guest carried on) (%s)', async (mode) => {
    const linked = await linkIn(mode, {
      callerSource: mode === 'shared' ? G.callerImportChecked : G.callerOwnChecked,
      onFault: () => {
        throw new Error('onFault is broken');
      },
    });
    const go = linked.client('caller', Ask, 'object');
    // The guest's status is an answer: only the fault recorded during the call tells the host something went wrong.
    const error = thrown(() => go.Go({ Value: OP.CARRY_ON + OP.FAIL }));
    expect(error).toBeInstanceOf(HostCallbackError);
    expect(error).toMatchObject({ callback: 'onFault', module: 'callee' });
    expect(go.Go({ Value: 41 })).toEqual({ Value: 42 });
    await linked.close();
  });

  it('a throwing log is a HostCallbackError too', async () => {
    const linked = await link({
      schema,
      modules: { callee: G.calleeOwn, caller: G.callerOwn },
      log: () => {
        throw new Error('log is broken');
      },
    });
    const error = thrown(() => linked.client('caller', Ask, 'object').Go({ Value: OP.FAIL }));
    expect(error).toBeInstanceOf(HostCallbackError);
    expect(error).toMatchObject({ callback: 'log', module: 'callee' });
    expect(linked.endpoint('caller').resets + linked.endpoint('callee').resets).toBe(0);
    await linked.close();
  });

  const hostAnswers: [string, () => unknown, RegExp][] = [
    ['throws', () => { throw new Error('no'); }, /threw: no$/],
    ['returns a Promise', () => Promise.resolve({ Value: 1 }), /returned a Promise: host implementations answer synchronously/],
    ['returns undefined', () => undefined, /returned undefined, not a Count/],
    ['returns a number', () => 3, /returned a number, not a Count/],
    ['leaves out a field', () => ({ Velue: 3 }), /returned a Count without Value$/],
  ];
  it.each(hostAnswers)('a host implementation that %s fails the calling guest with a HostFunctionError as cause', async (_label, impl, message) => {
    const linked = await link({ schema, modules: { caller: G.callerOwn }, host: { Answer: { Get: impl } } });
    const error = thrown(() => linked.client('caller', Ask, 'object').Go({ Value: 41 })) as GuestError;
    expect(error).toMatchObject({ name: 'GuestError', module: 'caller', code: STATUS.CALLEE_FAILED });
    expect(error.cause).toBeInstanceOf(HostFunctionError);
    expect((error.cause as Error).message).toMatch(message);
    await linked.close();
  });

  it.each(hostAnswers)('a host implementation that %s ends the call of a guest that carries on after it: ImportFailedError, never defaults', async (_label, impl, message) => {
    const linked = await link({ schema, modules: { caller: G.callerOwn }, host: { Answer: { Get: impl } } });
    const error = thrown(() => linked.client('caller', Ask, 'object').Go({ Value: OP.CARRY_ON + 41 })) as ImportFailedError;
    expect(error).toBeInstanceOf(ImportFailedError);
    expect(error).toMatchObject({ module: 'caller', function: 'Ask.Go', failedImport: 'Answer.Get', code: STATUS.CALLEE_FAILED });
    expect(error.cause).toBeInstanceOf(HostFunctionError);
    expect((error.cause as Error).message).toMatch(message);
    await linked.close();
  });

  it('a reset that fails says so', async () => {
    let starts = 0;
    const linked = await link({
      schema,
      modules: { callee: G.flaky },
      imports: { env: { flaky: () => { if (++starts > 1) throw new Error('no second start'); } } },
    });
    const error = thrown(() => linked.client('callee', Answer, 'object').Get({ Value: OP.FORGE }));
    expect(error).toBeInstanceOf(GuestProtocolError);
    expect(error.message).toMatch(/\(the module could not be reset: karmem link: module "callee": instantiation failed: no second start\)$/);
    const next = thrown(() => linked.client('callee', Answer, 'object').Get({ Value: 41 }));
    expect(next).toBeInstanceOf(GuestTrapError);
    expect(next.message).toMatch(/could not be reset/);
    await linked.close();
  });
});

describe('host implementations get a reader each', () => {
  it("an argument viewer stays valid while the host implementation calls another module that calls the host", async () => {
    let linked!: Linked;
    const seen: number[] = [];
    linked = await link({
      schema,
      modules: { caller: G.callerOwn, caller2: G.callerOwn },
      host: {
        Answer: {
          Get: (arg: { readonly Value: number }) => {
            if (arg.Value === 41) {
              // caller2 calls this implementation again, with 77, through a reader of its own.
              expect(linked.client('caller2', Ask, 'object').Go({ Value: 77 })).toEqual({ Value: 78 });
            }
            seen.push(arg.Value);
            return { Value: arg.Value + 1 };
          },
        },
      },
    });
    expect(linked.client('caller', Ask, 'object').Go({ Value: 41 })).toEqual({ Value: 42 });
    expect(seen).toEqual([77, 41]);
    await linked.close();
  });
});

describe.each(MODES)('a closed state (%s)', (mode) => {
  it('after close(), calls, reset() and clients throw ClosedError at once', async () => {
    const linked = await linkIn(mode);
    const get = linked.client('callee', Answer, 'object');
    const bound = linked.function('caller', 'Ask', 'Go');
    await linked.close();
    const started = performance.now();
    expect(thrown(() => get.Get({ Value: 41 }))).toBeInstanceOf(ClosedError);
    expect(thrown(() => bound.call({ Value: 41 }))).toBeInstanceOf(ClosedError);
    expect(thrown(() => linked.reset('callee'))).toBeInstanceOf(ClosedError);
    expect(thrown(() => linked.client('callee', Answer))).toBeInstanceOf(ClosedError);
    expect(performance.now() - started).toBeLessThan(100);
    await linked.close(); // twice: nothing more to do
  });

  it('close() from a host implementation during a call fails that call and frees nothing before it returns', async () => {
    let closing: Promise<void> | undefined;
    let linked!: Linked;
    const own = mode !== 'shared';
    const runner = mode === 'worker' ? { runner: inWorker({ timeoutMs: 5000 }) } : {};
    linked = await link({
      schema,
      memory: own ? 'copy' : 'shared',
      modules: { caller: { source: own ? G.callerOwn : G.callerImport, ...runner } },
      host: {
        Answer: {
          Get: (arg: { Value: number }) => {
            closing = linked.close();
            // The argument still reads: the caller's memory is in use.
            return { Value: arg.Value + 1 };
          },
        },
      },
    });
    const error = thrown(() => linked.client('caller', Ask, 'object').Go({ Value: 41 }));
    expect(error).toBeInstanceOf(ClosedError);
    expect(closing).toBeDefined();
    await closing;
    expect(thrown(() => linked.client('caller', Ask, 'object'))).toBeInstanceOf(ClosedError);
  });
});
