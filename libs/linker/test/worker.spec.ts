// Worker threads: a guest runs in its own thread with a time limit; a
// runaway guest is stopped and restarted, the host keeps running.
import { GuestTrapError, type KarmemLinkerError, type Linked, MemoryCapError, STATUS, TimeoutError, link } from '@karmem-ts/linker';
import { WorkerGuest, inWorker } from '@karmem-ts/linker/worker';
import { guestBytes } from './harness';
import { Sink, Test, schema } from './spec';
import { thrown } from './thrown';

describe('a guest in a worker thread', () => {
  let linked: Linked;
  const faults: KarmemLinkerError[] = [];
  beforeAll(async () => {
    linked = await link({
      schema,
      modules: {
        // Generous limit: the machine is shared, and only Spin should ever reach it.
        alpha: { source: guestBytes('alpha'), runner: inWorker({ timeoutMs: 1500 }) },
        beta: guestBytes('beta'),
      },
      onFault: (e) => faults.push(e),
    });
  });
  afterAll(() => linked.close());

  it('answers calls like an in-thread guest', () => {
    const test = linked.client('alpha', Test, 'object');
    expect(test.Counter()).toEqual({ Value: 1 });
    expect(Array.from(test.Echo(new Uint8Array([9, 8, 7])) as unknown as Uint8Array)).toEqual([9, 8, 7]);
    const big = new Uint8Array(3 << 20).fill(5);
    expect(test.Sum(big)).toEqual({ Value: 5 * (3 << 20) });
    expect(linked.endpoint('alpha')).toBeInstanceOf(WorkerGuest);
  });

  it('serves the guest imports from the main thread (here: beta, in-thread)', () => {
    const report = linked.client('alpha', Test, 'object').Produce({ Bytes: 100_000 });
    expect(report.Length).toBe(100_000);
    expect(report.ReceiverSum).toBe(report.SenderSum);
    // A nested trap: beta traps, alpha gets the status, beta is reset.
    expect(linked.client('alpha', Test, 'object').CallTrap()).toEqual({ Value: STATUS.CALLEE_TRAPPED });
    expect(faults.at(-1)).toMatchObject({ name: 'GuestTrapError', module: 'beta', function: 'Sink.Trap' });
  });

  it('a runaway guest is stopped at its time limit: TimeoutError, fresh worker, the host keeps running', async () => {
    const endpoint = linked.endpoint('alpha') as WorkerGuest;
    const test = linked.client('alpha', Test, 'object');
    test.Counter();
    const startsBefore = endpoint.starts;
    const started = performance.now();
    const error = thrown(() => test.Spin());
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ module: 'alpha', function: 'Test.Spin', timeoutMs: 1500 });
    // Generous margins: the limit, not much less, and not stuck.
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(30_000);
    expect(endpoint.starts).toBe(startsBefore + 1);
    // A fresh instance answers; the other module never stopped.
    expect(test.Counter()).toEqual({ Value: 1 });
    const take = (linked.client('beta', Sink, 'object') as unknown as { Take(arg: Uint8Array): unknown }).Take;
    expect(take(new Uint8Array([1, 2]))).toMatchObject({ Length: 2, Checksum: 3 });
    // The host's event loop is alive.
    await new Promise((resolve) => setTimeout(resolve, 5));
  });

  it('a trap in the worker is a GuestTrapError; the guest restarts in its worker', () => {
    const test = linked.client('alpha', Test, 'object');
    test.Counter();
    const error = thrown(() => test.Abort()) as GuestTrapError;
    expect(error).toBeInstanceOf(GuestTrapError);
    expect(error).toMatchObject({ module: 'alpha', function: 'Test.Abort' });
    expect(error.reason).toMatch(/^abort: alpha gave up at .*alpha\.ts:\d+:\d+$/);
    expect(test.Counter()).toEqual({ Value: 1 });
    expect(thrown(() => test.Recurse())).toMatchObject({ name: 'GuestTrapError', reason: expect.stringMatching(/stack overflow/) });
  });
});

describe('worker limits', () => {
  it('a memory cap in a worker is a MemoryCapError', async () => {
    const linked = await link({
      schema,
      modules: { alpha: { source: guestBytes('alpha'), memoryLimit: 4 << 20, runner: inWorker({ timeoutMs: 5000 }) }, beta: guestBytes('beta') },
    });
    const test = linked.client('alpha', Test, 'object');
    let error: unknown;
    for (let i = 0; i < 100 && error === undefined; i++) {
      try {
        test.Grow({ Bytes: 1 << 20 });
      } catch (e) {
        error = e;
      }
    }
    expect(error).toBeInstanceOf(MemoryCapError);
    expect(error).toMatchObject({ module: 'alpha', function: 'Test.Grow', limit: 4 << 20 });
    expect(test.Counter()).toEqual({ Value: 1 });
    await linked.close();
  });

  it('an in-thread guest can import from a guest in a worker, which may time out', async () => {
    const linked = await link({
      schema,
      modules: { alpha: guestBytes('alpha'), beta: { source: guestBytes('beta'), runner: inWorker({ timeoutMs: 5000 }) } },
    });
    const report = linked.client('alpha', Test, 'object').Produce({ Bytes: 200_000 });
    expect(report.ReceiverSum).toBe(report.SenderSum);
    expect(report.MarkerSeen).toBe(0);
    expect(linked.stats.bytesCopied).toBe(12 + 200_000 + 16);
    await linked.close();
  });

  it('refuses a time limit that is not positive', () => {
    expect(() => inWorker({ timeoutMs: 0 })).toThrow(RangeError);
  });
});
