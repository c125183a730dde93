// Faults: a trap becomes a typed error naming the module and the function,
// that module is reset, and everything else keeps working. Memory caps.
import {
  GuestError,
  type GuestInstance,
  GuestTrapError,
  HostFunctionError,
  type KarmemLinkerError,
  type Linked,
  MemoryCapError,
  ReentrancyError,
  STATUS,
  link,
} from '@karmem-ts/linker';
import { inWorker } from '@karmem-ts/linker/worker';
import { type GuestName, guestBytes } from './harness';
import { Blob, type BlobView, Sink, Test, type TestClient, schema } from './spec';
import { thrown } from './thrown';

const SETUPS: { label: string; memory: 'copy' | 'shared'; alpha: GuestName; beta: GuestName }[] = [
  { label: 'copy, guests own their memory', memory: 'copy', alpha: 'alphaOwn', beta: 'betaOwn' },
  { label: 'copy, host-owned memories', memory: 'copy', alpha: 'alpha', beta: 'beta' },
  { label: 'shared memory', memory: 'shared', alpha: 'alpha', beta: 'beta' },
];

describe.each(SETUPS)('traps ($label)', ({ memory, alpha, beta }) => {
  let linked: Linked;
  const faults: KarmemLinkerError[] = [];
  beforeEach(async () => {
    faults.length = 0;
    linked = await link({ schema, memory, modules: { alpha: guestBytes(alpha), beta: guestBytes(beta) }, onFault: (e) => faults.push(e) });
  });
  afterEach(() => linked.close());

  it('a trap is a GuestTrapError naming module and function; the module restarts fresh', () => {
    const test = linked.client('alpha', Test, 'object');
    expect(test.Counter()).toEqual({ Value: 1 });
    expect(test.Counter()).toEqual({ Value: 2 });
    const error = thrown(() => test.Trap());
    expect(error).toBeInstanceOf(GuestTrapError);
    expect(error).toMatchObject({ module: 'alpha', function: 'Test.Trap', reason: 'unreachable' });
    expect((error as Error).message).toBe('karmem: module "alpha", Test.Trap trapped: unreachable (the module was reset)');
    expect((error as Error).cause).toBeInstanceOf(WebAssembly.RuntimeError);
    // Fresh instance: the counter starts again, and calls work.
    expect(test.Counter()).toEqual({ Value: 1 });
    expect(Array.from(test.Echo(new Uint8Array([4, 5])) as unknown as Uint8Array)).toEqual([4, 5]);
    expect(linked.endpoint('alpha').resets).toBe(1);
    expect(linked.endpoint('beta').resets).toBe(0);
  });

  it('an AssemblyScript abort carries its message', () => {
    const error = thrown(() => linked.client('alpha', Test).Abort()) as GuestTrapError;
    expect(error).toBeInstanceOf(GuestTrapError);
    expect(error.function).toBe('Test.Abort');
    expect(error.reason).toMatch(/^abort: alpha gave up at .*alpha\.ts:\d+:\d+$/);
    expect(linked.client('alpha', Test, 'object').Counter()).toEqual({ Value: 1 });
  });

  it('a stack overflow is a trap too', () => {
    const error = thrown(() => linked.client('alpha', Test).Recurse()) as GuestTrapError;
    expect(error).toBeInstanceOf(GuestTrapError);
    expect(error.reason).toMatch(/stack overflow/);
    expect(linked.client('alpha', Test, 'object').Counter()).toEqual({ Value: 1 });
  });

  it('a callee that traps during a guest-to-guest call: the caller gets a status, only the callee is reset', () => {
    const test = linked.client('alpha', Test, 'object');
    expect(test.Counter()).toEqual({ Value: 1 });
    // alpha calls Sink.Trap on beta and answers the status it got.
    expect(test.CallTrap()).toEqual({ Value: STATUS.CALLEE_TRAPPED });
    expect(faults).toHaveLength(1);
    expect(faults[0]).toBeInstanceOf(GuestTrapError);
    expect(faults[0]).toMatchObject({ module: 'beta', function: 'Sink.Trap' });
    expect(linked.faults).toEqual(faults);
    expect(linked.endpoint('beta').resets).toBe(1);
    expect(linked.endpoint('alpha').resets).toBe(0);
    // alpha kept its state; beta serves again.
    expect(test.Counter()).toEqual({ Value: 2 });
    const report = test.Produce({ Bytes: 100 });
    expect(report.ReceiverSum).toBe(report.SenderSum);
  });

  it('reset() restarts a module on demand', () => {
    const test = linked.client('alpha', Test, 'object');
    test.Counter();
    test.Counter();
    linked.reset('alpha');
    expect(test.Counter()).toEqual({ Value: 1 });
  });
});

describe('memory caps', () => {
  const MiB = 1 << 20;

  it.each([
    ['host-owned memory', 'copy'],
    ['shared memory', 'shared'],
  ] as const)('%s: past its cap a call fails with MemoryCapError and the module is reset', async (_label, memory) => {
    const linked = await link({ schema, memory, modules: { alpha: { source: guestBytes('alpha'), memoryLimit: 4 * MiB }, beta: guestBytes('beta') } });
    const test = linked.client('alpha', Test, 'object');
    const grow = () => {
      for (let i = 1; i < 100; i++) test.Grow({ Bytes: MiB });
      throw new Error('no cap');
    };
    for (let round = 0; round < 3; round++) {
      const error = thrown(grow) as MemoryCapError;
      expect(error).toBeInstanceOf(MemoryCapError);
      expect(error).toMatchObject({ module: 'alpha', function: 'Test.Grow', limit: 4 * MiB });
      expect(error.used + error.requested).toBeGreaterThan(4 * MiB);
      expect(error.used).toBeLessThanOrEqual(4 * MiB);
      // Reset: fresh state, and the other module never noticed.
      expect(test.Counter()).toEqual({ Value: 1 });
      expect(linked.endpoint('beta').resets).toBe(0);
    }
    const guest = linked.endpoint('alpha') as GuestInstance;
    if (memory === 'shared') {
      // The reset module's pages went back to the arena and are reused: three rounds did not take three times the memory.
      expect(guest.bytes().length).toBeLessThan(3 * 4 * MiB);
      const report = test.Produce({ Bytes: 1000 });
      expect(report.MarkerSeen).toBe(1);
    } else {
      expect(guest.bytes().length).toBeLessThanOrEqual(4 * MiB);
    }
    await linked.close();
  });

  it('a guest that owns its memory gets the cap as its memory maximum: its allocator traps', async () => {
    const linked = await link({ schema, modules: { alpha: { source: guestBytes('alphaOwn'), memoryLimit: 4 * MiB }, beta: guestBytes('betaOwn') } });
    const test = linked.client('alpha', Test, 'object');
    let error: unknown;
    for (let i = 0; i < 100 && error === undefined; i++) {
      try {
        test.Grow({ Bytes: MiB });
      } catch (e) {
        error = e;
      }
    }
    expect(error).toBeInstanceOf(GuestTrapError);
    expect(error).toMatchObject({ module: 'alpha', function: 'Test.Grow' });
    expect((linked.endpoint('alpha') as GuestInstance).bytes().length).toBeLessThanOrEqual(4 * MiB);
    expect(test.Counter()).toEqual({ Value: 1 });
    await linked.close();
  });

  it('a cap that cannot be enforced is a link error, not a silent no-op', async () => {
    const compiled = await WebAssembly.compile(guestBytes('alphaOwn'));
    await expect(link({ schema, modules: { alpha: { source: compiled, memoryLimit: 4 * MiB }, beta: guestBytes('betaOwn') } })).rejects.toMatchObject({
      name: 'LinkError',
      module: 'alpha',
      problem: 'memoryLimit cannot be enforced on a compiled module that owns its memory: pass its bytes, or build it with --importMemory and the host-arena allocator',
    });
  });

  it('a cap too small for the arguments the host writes fails the call, not the host', async () => {
    const linked = await link({ schema, modules: { alpha: { source: guestBytes('alpha'), memoryLimit: 2 * MiB }, beta: guestBytes('beta') } });
    const echo = linked.function('alpha', 'Test', 'Echo');
    const error = thrown(() => echo.call(new Uint8Array(3 * MiB)));
    expect(error).toBeInstanceOf(MemoryCapError);
    expect(error).toMatchObject({ module: 'alpha', function: 'Test.Echo', limit: 2 * MiB });
    expect(linked.client('alpha', Test, 'object').Counter()).toEqual({ Value: 1 });
    await linked.close();
  });

  it('shared memory: an argument past the memory\'s maximum is the module\'s MemoryCapError, nothing reset, the next call answered', async () => {
    const linked = await link({ schema, memory: 'shared', maximumPages: 100, modules: { alpha: guestBytes('alpha'), beta: guestBytes('beta') } });
    const echo = linked.function('alpha', 'Test', 'Echo');
    expect(Array.from(Blob.view(echo.call(new Uint8Array([1, 2]))).bytes)).toEqual([1, 2]); // the region exists
    for (const call of [() => echo.call(new Uint8Array(8 * MiB)), () => echo.callBytes(new Uint8Array(8 * MiB))]) {
      const error = thrown(call) as MemoryCapError;
      expect(error).toBeInstanceOf(MemoryCapError);
      expect(error).toMatchObject({ module: 'alpha', function: 'Test.Echo', limit: 100 * 65536 });
      expect(error.message).toContain('(the module was kept)');
    }
    expect(linked.endpoint('alpha').resets).toBe(0);
    expect(Array.from(Blob.view(echo.call(new Uint8Array([3, 4, 5]))).bytes)).toEqual([3, 4, 5]);
    await linked.close();
  });
});

describe('re-entrant calls', () => {
  it('a host implementation calling back into its caller is refused with ReentrancyError', async () => {
    let linked!: Linked;
    linked = await link({
      schema,
      modules: { alpha: guestBytes('alpha') },
      host: {
        Sink: {
          Take() {
            linked.client('alpha', Test).Counter();
            return { Address: 0, Length: 0, Checksum: 0 };
          },
          Trap() {},
          Peek: () => ({ Value: 0 }),
        },
      },
    });
    const error = thrown(() => linked.client('alpha', Test).Produce({ Bytes: 8 })) as GuestError;
    expect(error).toBeInstanceOf(GuestError);
    const cause = error.cause as HostFunctionError;
    expect(cause).toBeInstanceOf(HostFunctionError);
    expect(cause.cause).toBeInstanceOf(ReentrancyError);
    expect(cause.cause).toMatchObject({ module: 'alpha', function: 'Test.Counter' });
    await linked.close();
  });

  // The module a host implementation would call back into is running a call whose argument it may still
  // read in place (and, in a worker, the implementation's own argument lies where the next argument goes):
  // the call is refused before anything is written, whatever the argument's size (300 KB: more than the
  // argument region holds, which would move it).
  describe.each(['copy', 'shared', 'worker'] as const)('in %s mode', (mode) => {
    it.each([16, 300_000])('a refused call back with a %d-byte argument changes neither argument of the running call', async (size) => {
      const argument = Uint8Array.from({ length: 3000 }, (_, i) => (i * 31 + 7) & 0xff);
      let refused: unknown;
      let importArgument: { before: number[]; after: number[] } | undefined;
      let client!: TestClient;
      const linked = await link({
        schema,
        memory: mode === 'shared' ? 'shared' : 'copy',
        modules: { alpha: { source: guestBytes(mode === 'shared' ? 'alpha' : 'alphaOwn'), ...(mode === 'worker' ? { runner: inWorker({ timeoutMs: 5000 }) } : {}) } },
        host: {
          Sink: {
            Take: () => ({ Address: 0, Length: 0, Checksum: 0 }),
            Trap() {},
            Peek(arg: BlobView) {
              const before = Array.from(arg.bytes);
              try {
                client.Echo(new Uint8Array(size).fill(0x5a));
              } catch (error) {
                refused = error;
              }
              importArgument = { before, after: Array.from(arg.bytes) };
              return { Value: 0 };
            },
          },
        },
      });
      client = linked.client('alpha', Test, 'object') as unknown as TestClient;
      expect(Array.from(client.Relay(argument) as unknown as Uint8Array)).toEqual(Array.from(argument));
      expect(refused).toBeInstanceOf(ReentrancyError);
      expect(refused).toMatchObject({ module: 'alpha', function: 'Test.Echo' });
      expect(importArgument!.before).toEqual(Array.from(argument));
      expect(importArgument!.after).toEqual(importArgument!.before);
      // Nothing was left half done: the same call back, made now, is answered.
      const echoed = client.Echo(new Uint8Array(size).fill(0x5a)) as unknown as Uint8Array;
      expect(echoed.length).toBe(size);
      expect(echoed.every((b) => b === 0x5a)).toBe(true);
      await linked.close();
    });
  });

  it('the typed client of an interface a host implements is not needed to call guests: Sink on beta', async () => {
    const linked = await link({ schema, modules: { alpha: guestBytes('alpha'), beta: guestBytes('beta') } });
    const info = linked.client('beta', Sink, 'object') as unknown as { Take(arg: Uint8Array): unknown };
    expect(info.Take(new Uint8Array([1, 2, 3]))).toMatchObject({ Length: 3, Checksum: 6 });
    await linked.close();
  });
});
