// Worker pools: N instances of one module on N threads, asynchronous calls
// spread over them, a time limit per call; traps and timeouts replace one
// instance without losing the other calls. Both ways of moving bytes: in
// place in a shared memory per worker, and one copy each way.
import { ClosedError, GuestError, GuestProtocolError, GuestTrapError, HostFunctionError, KarmemLinkerError, type Linked, LinkError, STATUS, TimeoutError, link } from '@karmem-ts/linker';
import { type Pool, PoolBusyError, PoolQueueFullError, linkPool } from '@karmem-ts/linker/worker';
import { Reader } from '@karmem-ts/runtime';
import { guestBytes } from './harness';
import { Scoring, callerBytes, hostSchema } from './pool-host';
import { expectedScore, poolSchema, record } from './pool-spec';
import { Blob, Count, schema } from './spec';

const countOf = (r: Reader) => Count.decode(r).Value;

describe.each([
  ['shared', 'poolShared'],
  ['copy', 'poolCopy'],
] as const)('a pool of workers, %s mode', (mode, guest) => {
  let pool: Pool;
  beforeAll(async () => {
    // Generous limit: the machine is shared, and only Spin should reach it.
    pool = await linkPool({ schema: poolSchema, module: 'scorer', source: guestBytes(guest), workers: 3, timeoutMs: 1500 });
  });
  afterAll(() => pool.close());

  it('reports its mode and answers many concurrent calls as the in-thread linker does', async () => {
    expect(pool.stats.mode).toBe(mode);
    const linked = await link({ schema: poolSchema, modules: { scorer: guestBytes('poolCopy') } });
    const inThread = linked.function('scorer', 'Scoring', 'Score');
    const messages = Array.from({ length: 300 }, (_, i) => record(i, 150 + (i % 100)));
    const score = pool.function<{ Value: number }>('Scoring', 'Score');
    const answers = await Promise.all(messages.map((m) => score.call(m)));
    answers.forEach((answer, i) => {
      expect(answer.Value).toBe(Count.decode(inThread.call(messages[i])).Value);
      expect(answer.Value).toBe(expectedScore(messages[i]!));
    });
    await linked.close();
    // Copy mode copies each argument in and each answer out; shared mode nothing.
    if (mode === 'copy') expect(pool.stats.bytesCopied).toBeGreaterThanOrEqual(messages.reduce((n, m) => n + m.length + 12 + 8, 0));
    else expect(pool.stats.bytesCopied).toBe(0);
  });

  it('spreads calls over its workers', async () => {
    const before = [...pool.stats.perWorker];
    await Promise.all(Array.from({ length: 60 }, (_, i) => pool.call('Scoring.Score', encodeBlob(record(i)), countOf)));
    const ran = pool.stats.perWorker.map((n, i) => n - before[i]!);
    expect(ran.reduce((a, b) => a + b, 0)).toBe(60);
    for (const n of ran) expect(n).toBeGreaterThan(0);
    expect(pool.stats.maxQueued).toBeGreaterThan(0); // more calls than workers: some waited
  });

  it('moves large messages both ways (the argument region grows)', async () => {
    const big = new Uint8Array(3 << 20).map((_, i) => i & 0xff);
    const echoed = await pool.function<Uint8Array>('Scoring', 'Echo').call(big);
    expect(echoed.length).toBe(big.length);
    expect(echoed[12345]).toBe(12345 & 0xff);
    expect(echoed[big.length - 1]).toBe((big.length - 1) & 0xff);
  });

  it('a runaway call times out; the calls queued behind it and on other workers complete; the pool keeps working', async () => {
    const restarts = pool.stats.restarts;
    const score = pool.function<{ Value: number }>('Scoring', 'Score');
    const started = performance.now();
    const spin = pool.function('Scoring', 'Spin').call();
    const others = Array.from({ length: 40 }, (_, i) => score.call(record(i)));
    const error = await spin.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ module: 'scorer', function: 'Scoring.Spin', timeoutMs: 1500 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(1400);
    const answers = await Promise.all(others);
    answers.forEach((a, i) => expect(a.Value).toBe(expectedScore(record(i))));
    expect(pool.stats.timeouts).toBe(1);
    expect(pool.stats.restarts).toBe(restarts + 1);
    // The stuck thread is gone and a fresh one took its slot: every slot answers again.
    for (let waited = 0; pool.stats.threads !== 3 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pool.stats.threads).toBe(3);
    const before = [...pool.stats.perWorker];
    const allTook = () => pool.stats.perWorker.every((n, i) => n > before[i]!);
    for (const deadline = performance.now() + 10_000; !allTook() && performance.now() < deadline; ) {
      await Promise.all(Array.from({ length: 6 }, (_, i) => score.call(record(i))));
    }
    expect(allTook()).toBe(true);
  });

  it('a trap rejects that call with GuestTrapError; that instance is reset, the others keep their state', async () => {
    const counter = pool.function<{ Value: number }>('Scoring', 'Counter');
    const trap = pool.function('Scoring', 'Trap');
    const traps = pool.stats.traps;
    const results = await Promise.allSettled([trap.call(), ...Array.from({ length: 20 }, () => counter.call())]);
    const error = (results[0] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(GuestTrapError);
    expect(error).toMatchObject({ module: 'scorer', function: 'Scoring.Trap' });
    expect(String(error.message)).toMatch(/unreachable.*\(the module was reset\)/);
    expect(results.slice(1).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(pool.stats.traps).toBe(traps + 1);
    const next = await Promise.all(Array.from({ length: 9 }, () => counter.call()));
    expect(next.every((c) => c.Value >= 1)).toBe(true);
  });

  it('an application error is a GuestError (the instance kept); a lying guest is a GuestProtocolError (reset)', async () => {
    await expect(pool.function('Scoring', 'Fail').call()).rejects.toMatchObject({ name: 'GuestError', code: 70, function: 'Scoring.Fail' });
    await expect(pool.function('Scoring', 'Fail').call()).rejects.toBeInstanceOf(GuestError);
    const lie = await pool.function('Scoring', 'Lie').call().catch((e: unknown) => e);
    expect(lie).toBeInstanceOf(GuestProtocolError);
    expect((lie as Error).message).toMatch(/its answer \[\d+, \+2147418112\) lies outside its memory .*\(the module was reset\)/);
    const forge = await pool.function('Scoring', 'Forge').call().catch((e: unknown) => e);
    expect(forge).toBeInstanceOf(GuestProtocolError);
    expect((forge as Error).message).toMatch(/a code only the linker gives.*\(the module was reset\)/);
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.function<{ Value: number }>('Scoring', 'Score').call(record(i))));
    answers.forEach((a, i) => expect(a.Value).toBe(expectedScore(record(i))));
  });

  it('bad arguments from JavaScript are typed errors', async () => {
    expect(() => pool.function('Scoring', 'Nope')).toThrow(LinkError);
    expect(() => pool.function('Scoring', 'Nope')).toThrow('module "scorer", Scoring.Nope: the module does not implement Scoring.Nope');
    await expect(pool.call('Nope')).rejects.toBeInstanceOf(LinkError);
    // A write callback that throws rejects that call with its own error; the worker keeps working.
    const oops = new Error('oops');
    await expect(
      pool.function('Scoring', 'Score').callWith(() => {
        throw oops;
      }, countOf),
    ).rejects.toBe(oops);
    await expect(pool.call('Scoring.Score', encodeBlob(record(1)), countOf)).resolves.toBe(expectedScore(record(1)));
    // Values that are not what a call takes: refused before the call is queued (no worker runs it).
    const before = pool.stats.calls;
    const score = pool.function('Scoring', 'Score');
    await expect(score.callWith((w) => void w.appendBytes(record(1)), 42 as never)).rejects.toEqual(
      new TypeError('karmem: module "scorer", Scoring.Score: callWith\'s read is a function, not 42'),
    );
    await expect(score.callWith(null as never, countOf)).rejects.toEqual(new TypeError('karmem: module "scorer", Scoring.Score: callWith\'s write is a function, not null'));
    await expect(pool.call(42 as never)).rejects.toEqual(new TypeError('karmem: module "scorer": call takes the function as "Interface.Function", not 42'));
    expect(pool.stats.calls).toBe(before);
  });
});

describe('pool options and lifecycle', () => {
  it('refuses bad options at link time with a LinkError naming the module', async () => {
    const source = guestBytes('poolCopy');
    await expect(linkPool({ schema: poolSchema, module: 'scorer', source, workers: 0 })).rejects.toThrow('module "scorer": workers must be a positive integer, not 0');
    await expect(linkPool({ schema: poolSchema, module: 'scorer', source, workers: 1.5 })).rejects.toBeInstanceOf(LinkError);
    await expect(linkPool({ schema: poolSchema, module: 'scorer', source, timeoutMs: -1 })).rejects.toThrow('timeoutMs must be a positive number');
    await expect(linkPool({ schema: poolSchema, module: 'nobody', source })).rejects.toThrow('not a module of schema "pooltest"');
    await expect(linkPool({ schema: poolSchema, module: 'scorer', source, memory: 'shared' })).rejects.toThrow('memory: shared needs a guest that imports a shared memory');
    await expect(linkPool({ schema: poolSchema, module: 'scorer', source: new Uint8Array([1, 2, 3]) })).rejects.toThrow('not a valid WebAssembly module');
  });

  it('refuses a module that imports interfaces (out of scope for pools)', async () => {
    const error = await linkPool({ schema, module: 'alpha', source: guestBytes('alphaOwn') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LinkError);
    expect((error as LinkError).message).toContain('module "alpha": imports Sink: a pooled module cannot import interfaces yet');
  });

  it('runs a shared-memory guest in copy mode when asked', async () => {
    const pool = await linkPool({ schema: poolSchema, module: 'scorer', source: guestBytes('poolShared'), workers: 1, memory: 'copy' });
    expect(pool.stats.mode).toBe('copy');
    await expect(pool.function<{ Value: number }>('Scoring', 'Score').call(record(3))).resolves.toEqual({ Value: expectedScore(record(3)) });
    expect(pool.stats.bytesCopied).toBeGreaterThan(200);
    await pool.close();
  });

  it('bounds its queue: past maxQueue a call rejects with PoolQueueFullError', async () => {
    const pool = await linkPool({ schema: poolSchema, module: 'scorer', source: guestBytes('poolCopy'), workers: 1, maxQueue: 2, timeoutMs: 1000 });
    const score = pool.function<{ Value: number }>('Scoring', 'Score');
    const accepted = [score.call(record(1)), score.call(record(2)), score.call(record(3))]; // one runs, two wait
    const refused = await score.call(record(4)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PoolQueueFullError);
    expect(refused).toMatchObject({ module: 'scorer', function: 'Scoring.Score', maxQueue: 2 });
    expect((await Promise.all(accepted)).map((a) => a.Value)).toEqual([1, 2, 3].map((i) => expectedScore(record(i))));
    await pool.close();
  });

  it('close() with calls in flight and queued rejects them with ClosedError and leaves no thread', async () => {
    const pool = await linkPool({ schema: poolSchema, module: 'scorer', source: guestBytes('poolShared'), workers: 2, timeoutMs: 20_000 });
    expect(pool.stats.threads).toBe(2);
    const spinning = [pool.function('Scoring', 'Spin').call(), pool.function('Scoring', 'Spin').call()];
    const queued = pool.function('Scoring', 'Score').call(record(1));
    const outcomes = Promise.allSettled([...spinning, queued]);
    await new Promise((resolve) => setTimeout(resolve, 50)); // both workers are in the guest
    const started = performance.now();
    await pool.close();
    expect(performance.now() - started).toBeLessThan(10_000); // not the 20 s time limit
    for (const outcome of await outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ClosedError);
    }
    expect(pool.stats.failed).toBe(3);
    expect(pool.stats.threads).toBe(0);
    expect(() => pool.function('Scoring', 'Score')).toThrow(ClosedError);
    await expect(pool.call('Scoring.Score', encodeBlob(record(1)))).rejects.toBeInstanceOf(ClosedError);
  });

  it('shared mode: an argument past the guest\'s memory fails that call only, the calls after it are answered', async () => {
    const pool = await linkPool({ schema: poolSchema, module: 'scorer', source: guestBytes('poolShared'), workers: 1, timeoutMs: 3000 });
    const score = pool.function<{ Value: number }>('Scoring', 'Score');
    await expect(score.call(record(1))).resolves.toEqual({ Value: expectedScore(record(1)) });
    // 300 MB: its argument region cannot be reserved in a guest memory of at most 256 MB (--maximumMemory 4096).
    await expect(score.callWith((w) => void w.alloc(300 << 20), (r) => r.length)).rejects.toBeInstanceOf(KarmemLinkerError);
    for (let i = 2; i < 5; i++) await expect(score.call(record(i))).resolves.toEqual({ Value: expectedScore(record(i)) });
    await pool.close();
  });

  it('every close() resolves once no thread is left, the second too', async () => {
    const pool = await linkPool({ schema: poolSchema, module: 'scorer', source: guestBytes('poolCopy'), workers: 2, timeoutMs: 3000 });
    const first = pool.close();
    await pool.close();
    expect(pool.stats.threads).toBe(0);
    await first;
  });
});

describe.each([
  ['shared', 'poolShared'],
  ['copy', 'poolCopy'],
] as const)('a pool as a host implementation: a guest\'s import served synchronously, %s mode', (mode, guest) => {
  // `caller` (test/guests/pool-caller.ts) imports Scoring, checked: in-thread from the scorer module, or from the pool.
  let pool: Pool;
  let inThread: Linked;
  let pooled: Linked;
  const count = (linked: Linked, fn: string, arg?: unknown) => Count.decode(linked.function('caller', 'Caller', fn).call(arg)).Value;
  beforeAll(async () => {
    pool = await linkPool({ schema: hostSchema, module: 'scorer', source: guestBytes(guest), workers: 2, timeoutMs: 1500 });
    inThread = await link({ schema: hostSchema, modules: { caller: callerBytes(), scorer: guestBytes('poolCopy') } });
    // By the InterfaceSpec (typed as its host implementation, as generated glue types it), or by name.
    pooled = await link({ schema: hostSchema, modules: { caller: callerBytes() }, host: { Scoring: pool.hostImplementation(Scoring) } });
  });
  afterAll(async () => {
    await pooled.close();
    await inThread.close();
    await pool.close();
  });

  it('answers exactly as the module linked in-thread, large messages included', () => {
    expect(pool.stats.mode).toBe(mode);
    const calls = pool.stats.syncCalls;
    for (let i = 0; i < 200; i++) {
      const message = record(i, 1 + ((i * 37) % 900));
      const answer = count(pooled, 'Score', message);
      expect(answer).toBe(count(inThread, 'Score', message));
      expect(answer).toBe(expectedScore(message) + message.length);
    }
    const big = new Uint8Array(3 << 20).map((_, i) => (i * 13) & 0xff);
    const echoed = Blob.decode(pooled.function('caller', 'Caller', 'Echo').call(big));
    // Buffer.compare: toEqual walks 3 MB element by element for seconds.
    expect(Buffer.compare(echoed, Blob.decode(inThread.function('caller', 'Caller', 'Echo').call(big)))).toBe(0);
    expect(Buffer.compare(echoed, big)).toBe(0);
    expect(pool.stats.syncCalls - calls).toBe(201);
    expect(pooled.faults).toEqual([]);
    if (mode === 'shared') expect(pool.stats.bytesCopied).toBe(0);
    else expect(pool.stats.bytesCopied).toBeGreaterThan(2 * big.length);
  });

  it('a trap in the pooled module is a typed fault for the caller; the pool keeps serving', () => {
    const traps = pool.stats.traps;
    // The caller gets CALLEE_TRAPPED (16) from the pooled module as from the module in-thread.
    expect(count(inThread, 'Trap')).toBe(STATUS.CALLEE_TRAPPED);
    expect(count(pooled, 'Trap')).toBe(STATUS.CALLEE_TRAPPED);
    const fault = pooled.faults[pooled.faults.length - 1];
    expect(fault).toBeInstanceOf(HostFunctionError);
    expect(fault).toMatchObject({ function: 'Scoring.Trap' });
    expect(fault!.cause).toBeInstanceOf(GuestTrapError);
    expect(fault!.cause).toMatchObject({ module: 'scorer', function: 'Scoring.Trap' });
    expect(String((fault!.cause as Error).message)).toMatch(/unreachable.*\(the module was reset\)/);
    expect(pool.stats.traps).toBe(traps + 1);
    expect(count(pooled, 'Counter')).toBeGreaterThanOrEqual(1);
    expect(count(pooled, 'Score', record(7))).toBe(expectedScore(record(7)) + 200);
  });

  it('a runaway call throws TimeoutError at the time limit; its worker is replaced before the call returns', () => {
    const { timeouts, restarts } = pool.stats;
    const started = performance.now();
    expect(count(pooled, 'Spin')).toBe(STATUS.TIMEOUT);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1400);
    const fault = pooled.faults[pooled.faults.length - 1];
    expect(fault).toBeInstanceOf(HostFunctionError);
    expect(fault!.cause).toBeInstanceOf(TimeoutError);
    expect(fault!.cause).toMatchObject({ module: 'scorer', function: 'Scoring.Spin', timeoutMs: 1500 });
    expect(pool.stats.timeouts).toBe(timeouts + 1);
    expect(pool.stats.restarts).toBe(restarts + 1);
    // Both workers answer at once, the fresh one included (the main thread never went back to its event loop).
    const before = [...pool.stats.perWorker];
    for (let i = 0; i < 20; i++) expect(count(pooled, 'Score', record(i))).toBe(expectedScore(record(i)) + 200);
    expect(pool.stats.perWorker.reduce((n, c, i) => n + c - before[i]!, 0)).toBe(20);
  });

  it('with every worker busy with asynchronous calls, takes one over as soon as it answers: every call answers', async () => {
    const score = pool.function<{ Value: number }>('Scoring', 'Score');
    const taken = pool.stats.takenOver;
    const pending: Promise<{ Value: number }>[] = [];
    // Twenty rounds, and more until one took a worker over: on a loaded machine the event loop
    // may have finished a round's 30 calls by the time the synchronous call comes (an idle worker).
    for (let round = 0; round < 20 || (pool.stats.takenOver === taken && round < 400); round++) {
      // From the event loop, with calls queued: each worker runs one of them (or has just answered it).
      for (let i = 0; i < 30; i++) pending.push(score.call(record(i, 4000)));
      await new Promise((resolve) => setImmediate(resolve));
      expect(count(pooled, 'Score', record(round))).toBe(expectedScore(record(round)) + 200);
    }
    const answers = await Promise.all(pending);
    answers.forEach((a, i) => expect(a.Value).toBe(expectedScore(record(i % 30, 4000))));
    expect(pool.stats.takenOver).toBeGreaterThan(taken);
  });

  it('no worker it can wait for: PoolBusyError at once, not a deadlock', async () => {
    const score = pool.function<{ Value: number }>('Scoring', 'Score');
    // Handed to both workers in this very turn: their calls only start once the event loop runs again.
    const pending = [score.call(record(1)), score.call(record(2))];
    const started = performance.now();
    expect(() => pooled.function('caller', 'Caller', 'Score').call(record(3))).toThrow(GuestError);
    expect(performance.now() - started).toBeLessThan(1000);
    const fault = pooled.faults[pooled.faults.length - 1];
    expect(fault!.cause).toBeInstanceOf(PoolBusyError);
    expect((fault!.cause as Error).message).toBe(
      'karmem: module "scorer", Scoring.Score: no worker of the pool is free for a synchronous call: its 2 workers are starting or between the steps of asynchronous calls, which only the event loop can finish',
    );
    expect((await Promise.all(pending)).map((a) => a.Value)).toEqual([expectedScore(record(1)), expectedScore(record(2))]);
    expect(count(pooled, 'Score', record(3))).toBe(expectedScore(record(3)) + 200);
  });
});

describe('pool host implementations: refused shapes', () => {
  it('names what is wrong: an interface the module lacks, an argument without a reader, a closed pool', async () => {
    const pool = await linkPool({ schema: hostSchema, module: 'scorer', source: guestBytes('poolCopy'), workers: 1 });
    expect(() => pool.hostImplementation('Caller')).toThrow('module "scorer", Caller.Score: the module does not implement Caller.Score');
    expect(() => pool.hostImplementation('Nope')).toThrow('Nope is not an interface of schema "poolhosttest"');
    const impl = pool.hostImplementation('Scoring');
    expect(() => impl['Score']!({ bytes: new Uint8Array(4) })).toThrow('the pool\'s host implementation needs the argument\'s viewer as generated code makes it (with its reader), not an object without a reader');
    // Encoded bytes are taken as they are.
    expect(Count.decode(readerOf(impl['Score']!(encodeBlob(record(5)))!)).Value).toBe(expectedScore(record(5)));
    await pool.close();
    expect(() => impl['Score']!(encodeBlob(record(5)))).toThrow(ClosedError);
    expect(() => pool.hostImplementation('Scoring')).toThrow(ClosedError);
  });
});

function readerOf(bytes: Uint8Array): Reader {
  return new Reader().resetAt(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** A Blob message holding `bytes`. */
function encodeBlob(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + bytes.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 12, true);
  view.setUint32(4, 12, true);
  view.setUint32(8, bytes.length, true);
  out.set(bytes, 12);
  return out;
}
