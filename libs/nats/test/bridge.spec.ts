// The synchronous bridge: a guest's import served by a remote module over
// NATS. A real nats-server on 127.0.0.1 (a port of its own); the scorer is
// served from a child process (this thread blocks during a guest's call, so
// a server on it could never answer); the caller guest is linked here.
import { type ChildProcess, spawn } from 'node:child_process';
import { ClosedError, GuestTrapError, HostFunctionError, ImportFailedError, KarmemLinkerError, type Linked, STATUS, TimeoutError, link } from '@karmem-ts/linker';
import { KarmemEncodeError, Writer } from '@karmem-ts/runtime';
import { connect } from '@nats-io/transport-node';
import { BridgeStartError, BridgeTimeoutError, MessageTooLargeError, NoResponderError, RemoteImports, RequestTimeoutError, isRemote, remoteImports } from '../src';
import { RemoteImports as InternalBridge } from '../src/bridge';
import { Driver, callerSchema, expectedRun } from './caller-spec';
import { WORKSPACE, callerBytes, scorerBytes } from './harness';
import { type NatsServer, freePort, startNatsServer } from '../src/local-server';
import { type ServerProcess, startScorerProcess } from './processes';
import { type Pair, Scoring } from './spec';

let nats: NatsServer;
let server: ServerProcess;
const bridges: RemoteImports[] = [];

function sample(i: number): Pair {
  return { Id: i, Value: (i * 2654435761) >>> 0 };
}

/** A Blob message of `n` pattern bytes. */
function blob(n: number): Uint8Array {
  return new Uint8Array(n).map((_, i) => (i * 31 + 7) & 0xff);
}

function encodeBlob(data: Uint8Array): Uint8Array {
  const w = new Writer(data.length + 64);
  Scoring.functions[1]!.param!.encode(data, w);
  return w.bytes().slice();
}

async function bridge(options: Partial<Parameters<typeof remoteImports>[0]> = {}): Promise<RemoteImports> {
  const b = await remoteImports({ servers: nats.url, schema: callerSchema, module: 'scorer', timeoutMs: 2000, ...options });
  bridges.push(b);
  return b;
}

/** The caller linked here, its Scoring import served by `b`. */
function linkCaller(b: RemoteImports, memory: 'copy' | 'shared'): Promise<Linked> {
  return link({
    schema: callerSchema,
    memory,
    modules: { caller: callerBytes(memory === 'copy' ? 'own' : 'shared') },
    host: { Scoring: b.host(Scoring) as object }, // the test schema's Scoring declares no host type
    bind: { caller: { Scoring: 'host' } },
  });
}

/** What a call threw (fails the test when it returned). */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, it returned');
}

/** The error a guest's call ended with, through the linker's ImportFailedError and HostFunctionError. */
function remoteCause(error: unknown): unknown {
  expect(error).toBeInstanceOf(ImportFailedError);
  const host = (error as ImportFailedError).cause;
  expect(host).toBeInstanceOf(HostFunctionError);
  return (host as HostFunctionError).cause;
}

beforeAll(async () => {
  callerBytes('own');
  callerBytes('shared');
  scorerBytes();
  nats = await startNatsServer();
  server = await startScorerProcess(nats.url);
});

afterAll(async () => {
  await Promise.all(bridges.map((b) => b.close()));
  await server?.stop('SIGKILL');
  await nats?.stop();
});

describe('a guest whose import is served by a remote module', () => {
  let inProcess: Linked;

  beforeAll(async () => {
    inProcess = await link({ schema: callerSchema, modules: { caller: callerBytes('own'), scorer: scorerBytes() } });
  });

  afterAll(async () => {
    await inProcess.close();
  });

  for (const memory of ['copy', 'shared'] as const) {
    it(`answers byte for byte as when the module is linked in-process (${memory} memory)`, async () => {
      const b = await bridge();
      const linked = await linkCaller(b, memory);
      try {
        const local = inProcess.function('caller', 'Driver', 'Run');
        const remote = linked.function('caller', 'Driver', 'Run');
        for (let i = 0; i < 40; i++) {
          const expected = local.call(sample(i)).bytes(0, 12).slice();
          const answer = remote.call(sample(i));
          expect(answer.bytes(0, answer.length)).toEqual(expected);
        }
        expect(linked.client('caller', Driver, 'object').Run(sample(41))).toEqual(expectedRun(sample(41)));
        expect(linked.stats.importCalls).toBe(41);
        expect(b.stats).toMatchObject({ calls: 41, answered: 41, failed: 0, attempts: 41, starts: 1, bytesIn: 41 * 12 });

        // A large message each way: 300 KB does not fit the 64 KiB data area, which grows.
        const big = blob(300_000);
        const expected = inProcess.function('caller', 'Driver', 'Echo').call(big);
        const answer = linked.function('caller', 'Driver', 'Echo').call(big);
        expect(answer.length).toBe(expected.length);
        expect(answer.bytes(0, answer.length)).toEqual(expected.bytes(0, expected.length));
        expect(b.stats.areaBytes).toBeGreaterThanOrEqual(300_012);
        expect(linked.client('caller', Driver, 'object').Run(sample(42))).toEqual(expectedRun(sample(42)));
      } finally {
        await linked.close();
      }
    });
  }

  it('reports a remote trap to the caller as a typed fault, and keeps serving', async () => {
    const b = await bridge();
    const linked = await linkCaller(b, 'copy');
    try {
      const error = thrown(() => linked.function('caller', 'Driver', 'Trap').call());
      // The caller's import got CALLEE_TRAPPED, as from the scorer in-process.
      expect(error).toMatchObject({ failedImport: 'Scoring.Trap', code: STATUS.CALLEE_TRAPPED });
      const cause = remoteCause(error);
      expect(cause).toBeInstanceOf(GuestTrapError);
      expect(isRemote(cause)).toBe(true);
      expect(cause).toMatchObject({ module: 'scorer', function: 'Scoring.Trap', remote: { subject: 'karmem.scorer.Scoring.Trap' } });
      expect((cause as GuestTrapError).reason).toMatch(/unreachable/);
      expect(linked.faults.some((f) => f instanceof HostFunctionError && f.cause === cause)).toBe(true);
      expect(linked.client('caller', Driver, 'object').Run(sample(3))).toEqual(expectedRun(sample(3)));
      expect(b.stats).toMatchObject({ calls: 2, answered: 1, failed: 1 });
    } finally {
      await linked.close();
    }
  });

  it('gives NoResponderError when nobody serves the module, after its retries', async () => {
    const b = await bridge({ subjectPrefix: 'nobody', retries: 2, backoffMs: 20 });
    const linked = await linkCaller(b, 'copy');
    try {
      const started = performance.now();
      const cause = remoteCause(thrown(() => linked.function('caller', 'Driver', 'Run').call(sample(1))));
      expect(cause).toBeInstanceOf(NoResponderError);
      expect(cause).toMatchObject({ module: 'scorer', function: 'Scoring.Score', subject: 'nobody.scorer.Scoring.Score', attempts: 3 });
      expect(performance.now() - started).toBeGreaterThanOrEqual(30); // two waits of 20 ms and more, -20% jitter
      expect(b.stats).toMatchObject({ calls: 1, failed: 1, attempts: 3 });
    } finally {
      await linked.close();
    }
  });
});

describe('time limits', () => {
  let silentNc: Awaited<ReturnType<typeof connect>>;

  beforeAll(async () => {
    // Takes every request on `silent.>` and never answers.
    silentNc = await connect({ servers: nats.url });
    silentNc.subscribe('silent.>');
    await silentNc.flush();
  });

  afterAll(async () => {
    await silentNc.close();
  });

  it('gives RequestTimeoutError when no answer comes in time, without hanging', async () => {
    const b = await bridge({ subjectPrefix: 'silent', timeoutMs: 200, retries: 3 });
    const linked = await linkCaller(b, 'copy');
    try {
      const started = performance.now();
      const cause = remoteCause(thrown(() => linked.function('caller', 'Driver', 'Run').call(sample(1))));
      const took = performance.now() - started;
      expect(cause).toBeInstanceOf(RequestTimeoutError);
      expect(cause).toBeInstanceOf(TimeoutError);
      expect(cause).toMatchObject({ attempts: 1, timeoutMs: 200, subject: 'silent.scorer.Scoring.Score' }); // not idempotent: not retried
      expect(took).toBeGreaterThanOrEqual(190);
      expect(took).toBeLessThan(1200); // the time limit, not the margin
      expect(b.stats.starts).toBe(1); // the worker answered: kept
    } finally {
      await linked.close();
    }
  });

  it('throws BridgeTimeoutError when its worker does not answer, and the next call starts a fresh one', async () => {
    const b = await InternalBridge.start({ servers: nats.url, schema: callerSchema, module: 'scorer', timeoutMs: 100, marginMs: 150 }, { stallMs: 5000 });
    bridges.push(b);
    const linked = await linkCaller(b, 'copy');
    try {
      const started = performance.now();
      const cause = remoteCause(thrown(() => linked.function('caller', 'Driver', 'Run').call(sample(1))));
      const took = performance.now() - started;
      expect(cause).toBeInstanceOf(BridgeTimeoutError);
      expect(cause).toBeInstanceOf(TimeoutError);
      expect(cause).toMatchObject({ name: 'BridgeTimeoutError', module: 'scorer', function: 'Scoring.Score', timeoutMs: 100, waitedMs: 250 });
      expect((cause as Error).message).toMatch(/worker thread gave no answer within 250 ms .* the next call starts a fresh one/);
      expect(took).toBeGreaterThanOrEqual(245);
      expect(took).toBeLessThan(2000);
      expect(linked.client('caller', Driver, 'object').Run(sample(2))).toEqual(expectedRun(sample(2)));
      expect(b.stats).toMatchObject({ calls: 2, answered: 1, failed: 1, starts: 2 });
    } finally {
      await linked.close();
    }
  });
});

describe('message sizes', () => {
  let responder: ChildProcess | undefined;

  afterAll(() => {
    responder?.kill('SIGKILL');
  });

  it('refuses an argument larger than maxMessageBytes, typed, before sending it', async () => {
    const b = await bridge({ maxMessageBytes: 128 * 1024 });
    const error = thrown(() => b.callBytes('Scoring.Echo', encodeBlob(blob(200_000))));
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect(error).toMatchObject({ which: 'argument', bytes: 200_012, limit: 128 * 1024, function: 'Scoring.Echo' });
    expect(b.stats.attempts).toBe(0);
    // Within the limit the area grows (64 KiB -> 100 KB) and the answer comes back whole.
    const answer = b.callBytes('Scoring.Echo', encodeBlob(blob(100_000)));
    expect(answer).toEqual(encodeBlob(blob(100_000)));
  });

  it('refuses an argument that is not a Uint8Array, typed, before sending anything (a string would go out as zeros)', async () => {
    const b = await bridge();
    for (const value of ['abc', null, 7, [0, 300, -1], { length: 3 }]) {
      const error = thrown(() => b.callBytes('Scoring.Echo', value as never));
      expect(error).toBeInstanceOf(KarmemEncodeError);
      expect((error as Error).message).toContain('Scoring.Echo: the encoded argument is a Uint8Array');
    }
    expect(b.stats.attempts).toBe(0);
    expect(b.callBytes('Scoring.Echo', encodeBlob(blob(10)))).toEqual(encodeBlob(blob(10)));
  });

  it('fails an answer larger than maxMessageBytes as a typed error, and keeps working', async () => {
    // A responder (another process: this thread blocks during the call) answering 300 KB to anything on big.>.
    const script = `
      const { connect } = require('@nats-io/transport-node');
      (async () => {
        const nc = await connect({ servers: ${JSON.stringify(nats.url)} });
        const sub = nc.subscribe('big.>');
        await nc.flush();
        process.stdout.write('ready\\n');
        for await (const m of sub) m.respond(new Uint8Array(Number(new TextDecoder().decode(m.data)) || 300000).fill(7));
      })();`;
    const child = spawn(process.execPath, ['-e', script], { cwd: WORKSPACE, stdio: ['ignore', 'pipe', 'inherit'] });
    responder = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`responder exited (${code})`)));
    });
    const b = await bridge({ subjectPrefix: 'big', maxMessageBytes: 256 * 1024 });
    const error = thrown(() => b.callBytes('Scoring.Score', new TextEncoder().encode('300000')));
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect(error).toMatchObject({ which: 'answer', bytes: 300_000, limit: 256 * 1024 });
    const answer = b.callBytes('Scoring.Score', new TextEncoder().encode('200000'));
    expect(answer.length).toBe(200_000);
    expect(answer.every((x) => x === 7)).toBe(true);
  });
});

describe('starting and closing', () => {
  it('fails to start with BridgeStartError when NATS is not there', async () => {
    const port = await freePort();
    const error = await remoteImports({ servers: `127.0.0.1:${port}`, schema: callerSchema, module: 'scorer' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BridgeStartError);
    expect((error as Error).message).toMatch(new RegExp(`NATS bridge to module "scorer" could not start: its worker could not connect to NATS \\(127.0.0.1:${port}\\)`));
  });

  it('refuses a module the schema lacks, a function the module lacks, and options that are not what they say', async () => {
    await expect(remoteImports({ servers: nats.url, schema: callerSchema, module: 'nobody' })).rejects.toThrow(/declares no module "nobody"/);
    await expect(remoteImports({ servers: nats.url, schema: callerSchema, module: 'scorer', marginMs: 0 })).rejects.toThrow(/marginMs must be a number of ms from 1 to 2147483647, got 0/);
    await expect(remoteImports({ servers: nats.url, schema: callerSchema, module: 'scorer', maxMessageBytes: 1.5 })).rejects.toThrow(/maxMessageBytes must be a positive whole number of bytes, got 1.5/);
    const b = await bridge();
    expect(() => b.host(Driver)).toThrow(/does not implement Driver.Run/);
    expect(() => b.callBytes('Scoring.Nope', new Uint8Array(0))).toThrow(/does not implement Scoring.Nope/);
  });

  it('stops its worker and connection on close(); calls after it throw ClosedError', async () => {
    const b = await bridge();
    expect(b.callBytes('Scoring.Score', new Uint8Array([12, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0]))).toEqual(new Uint8Array([12, 0, 0, 0, 1, 0, 0, 0, 6, 0, 0, 0]));
    await b.close();
    const error = thrown(() => b.callBytes('Scoring.Score', new Uint8Array(12)));
    expect(error).toBeInstanceOf(ClosedError);
    expect(error).toBeInstanceOf(KarmemLinkerError);
    await b.close(); // twice is fine
  });
});
