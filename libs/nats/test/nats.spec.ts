// Modules over NATS with real processes: a nats-server on 127.0.0.1 (a port
// of its own), servers in this process and in child processes, SIGKILL mid-load.
import { GuestError, GuestTrapError, KarmemLinkerError, type Linked, TimeoutError, link } from '@karmem-ts/linker';
import { inWorker } from '@karmem-ts/linker/worker';
import { KarmemEncodeError, Writer } from '@karmem-ts/runtime';
import { Svcm } from '@nats-io/services';
import { connect } from '@nats-io/transport-node';
import { type ModuleServer, NoResponderError, type RemoteModule, RequestTimeoutError, TransportError, isRemote, remoteModule, serveModule } from '../src';
import type { NatsConnection } from '../src/nats';
import { scorerBytes } from './harness';
import { type NatsServer, startNatsServer } from '../src/local-server';
import { type ServerProcess, startScorerProcess } from './processes';
import { type Pair, Scoring, expectedScore, schema } from './spec';

type Connection = NatsConnection & { close(): Promise<void>; drain(): Promise<void> };

let nats: NatsServer;
let nc: Connection;
let wasm: Uint8Array<ArrayBuffer>;

async function connectTo(url: string): Promise<Connection> {
  return (await connect({ servers: url, maxReconnectAttempts: -1, reconnectTimeWait: 100 })) as Connection;
}

/** The services API client (discovery, ping, info, stats). */
function services(): ReturnType<Svcm['client']> {
  return new Svcm(nc as unknown as ConstructorParameters<typeof Svcm>[0]).client({ strategy: 'stall', maxWait: 2000, stall: 250 } as never);
}

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

function sample(i: number): Pair {
  return { Id: i, Value: (i * 2654435761) >>> 0 };
}

/** The error a promise rejected with (fails the test when it resolved). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, it resolved');
}

beforeAll(async () => {
  wasm = scorerBytes();
  nats = await startNatsServer();
  nc = await connectTo(nats.url);
});

afterAll(async () => {
  await nc?.close();
  await nats?.stop();
});

describe('a server in this process', () => {
  let serverNc: Connection;
  let linked: Linked;
  let server: ModuleServer;
  let remote: RemoteModule;

  beforeAll(async () => {
    serverNc = await connectTo(nats.url);
    linked = await link({ schema, modules: { scorer: wasm } });
    server = await serveModule(serverNc, linked, 'scorer');
    remote = remoteModule(nc, schema, 'scorer', { timeoutMs: 5000 });
  });

  afterAll(async () => {
    await server.stop();
    await serverNc.close();
    await linked.close();
  });

  it('answers byte for byte what the in-process linker answers', async () => {
    const local = await link({ schema, modules: { scorer: wasm } });
    try {
      const score = local.function('scorer', 'Scoring', 'Score');
      for (let i = 0; i < 50; i++) {
        const inProcess = score.call(sample(i)).bytes(0, 12).slice();
        const remoteReader = await remote.function('Scoring', 'Score').call(sample(i));
        expect(remoteReader.bytes(0, remoteReader.length)).toEqual(inProcess);
      }
      const blob = new Uint8Array(100_000).map((_, i) => (i * 31 + 7) & 0xff);
      const echo = local.function('scorer', 'Scoring', 'Echo');
      const inProcess = echo.call(blob);
      const expected = inProcess.bytes(0, inProcess.length).slice();
      const viaRaw = await remote.call('Scoring.Echo', encodeBlob(blob));
      expect(viaRaw.bytes(0, viaRaw.length)).toEqual(expected);
      const viaWriter = await remote.call('Scoring.Echo', (w) => Scoring.functions[1]!.param!.encode(blob, w));
      expect(viaWriter.bytes(0, viaWriter.length)).toEqual(expected);
    } finally {
      await local.close();
    }
    const objects = remote.client(Scoring, 'object');
    await expect(objects.Score(sample(7))).resolves.toEqual(expectedScore(sample(7)));
    const viewers = remote.client(Scoring);
    expect((await viewers.Echo(new Uint8Array([1, 2, 3]))).bytes).toEqual(new Uint8Array([1, 2, 3]));
    const counters = server.counters.find((c) => c.function === 'Scoring.Score')!;
    expect(counters.subject).toBe('karmem.scorer.Scoring.Score');
    expect(counters.calls).toBeGreaterThanOrEqual(51);
    expect(counters.bytesIn).toBe(counters.calls * 12);
    expect(counters.bytesOut).toBe(counters.calls * 12);
  });

  it('sends a trap back as a remote GuestTrapError, and keeps serving', async () => {
    const error = await rejection(remote.function('Scoring', 'Trap').call());
    expect(error).toBeInstanceOf(GuestTrapError);
    expect(isRemote(error)).toBe(true);
    const trap = error as GuestTrapError & { remote: { subject: string } };
    expect(trap.module).toBe('scorer');
    expect(trap.function).toBe('Scoring.Trap');
    expect(trap.reason).toMatch(/unreachable/);
    expect(trap.remote.subject).toBe('karmem.scorer.Scoring.Trap');
    expect(trap.message).toMatch(/module "scorer", Scoring.Trap trapped: .*\(the module was reset\)/);
    await expect(remote.client(Scoring, 'object').Score(sample(3))).resolves.toEqual(expectedScore(sample(3)));
    expect(server.counters.find((c) => c.function === 'Scoring.Trap')!.errorsByClass).toEqual({ GuestTrapError: 1 });
  });

  it('sends a failure status back as a remote GuestError with its code', async () => {
    const error = await rejection(remote.function('Scoring', 'Fail').call());
    expect(error).toBeInstanceOf(GuestError);
    expect(isRemote(error)).toBe(true);
    expect((error as GuestError).code).toBe(70);
  });

  it('answers ping, info and stats of the services API for the module', async () => {
    const id = server.service.info().id;
    const pings = await all(await services().ping('karmem-scorer'));
    expect(pings.map((p) => p.id)).toEqual([id]);
    const [info] = await all(await services().info('karmem-scorer'));
    expect(info!.metadata).toMatchObject({ 'karmem.module': 'scorer' });
    expect(info!.endpoints.map((e) => [e.name, e.subject, e.queue_group]).sort()).toEqual(
      ['Echo', 'Fail', 'Score', 'Spin', 'Trap'].map((fn) => [`Scoring-${fn}`, `karmem.scorer.Scoring.${fn}`, 'karmem']),
    );
    const [stats] = await all(await services().stats('karmem-scorer', id));
    const score = stats!.endpoints!.find((e) => e.name === 'Scoring-Score')!;
    const counters = server.counters.find((c) => c.function === 'Scoring.Score')!;
    expect(score.num_requests).toBe(counters.calls);
    expect(score.data).toMatchObject({ function: 'Scoring.Score', calls: counters.calls, errors: 0 });
  });

  it('gives NoResponderError when nobody serves the subject, after its retries', async () => {
    const nobody = remoteModule(nc, schema, 'scorer', { subjectPrefix: 'nobody', retries: 2, backoffMs: 20 });
    const started = Date.now();
    const error = await rejection(nobody.function('Scoring', 'Score').call(sample(1)));
    expect(error).toBeInstanceOf(NoResponderError);
    expect(error).toMatchObject({ module: 'scorer', function: 'Scoring.Score', subject: 'nobody.scorer.Scoring.Score', attempts: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(40); // two waits of 20 ms and more, -20% jitter
  });

  it('stops serving on stop() (drained), leaving the linked module open', async () => {
    const second = await serveModule(serverNc, linked, 'scorer', { subjectPrefix: 'second' });
    const client = remoteModule(nc, schema, 'scorer', { subjectPrefix: 'second' });
    await expect(client.client(Scoring, 'object').Score(sample(2))).resolves.toEqual(expectedScore(sample(2)));
    await second.stop();
    expect(second.service.isStopped).toBe(true);
    expect(await rejection(client.function('Scoring', 'Score').call(sample(2)))).toBeInstanceOf(NoResponderError);
    expect(linked.function('scorer', 'Scoring', 'Score').decode(sample(2))).toEqual(expectedScore(sample(2)));
  });

  it('refuses functions the module does not implement', () => {
    expect(() => remote.function('Scoring', 'Nope')).toThrow(/does not implement Scoring.Nope/);
    expect(() => remoteModule(nc, schema, 'nobody')).toThrow(/declares no module "nobody"/);
  });

  it('refuses arguments that are not what a call sends, typed, before sending anything', async () => {
    const remote = remoteModule(nc, schema, 'scorer', { timeoutMs: 2000 });
    for (const value of [42, null, 'abc', { length: 3 }]) {
      const error = await rejection(remote.call('Scoring.Score', value as never));
      expect(error).toBeInstanceOf(KarmemEncodeError);
      expect((error as Error).message).toContain('Scoring.Score: the encoded argument is a Uint8Array');
      await expect(remote.function('Scoring', 'Score').callBytes(value as never)).rejects.toBeInstanceOf(KarmemEncodeError);
    }
    await expect(remote.function('Scoring', 'Score').callWith(42 as never)).rejects.toEqual(
      new TypeError('karmem-nats: Scoring.Score: callWith takes a function that writes the argument, not 42'),
    );
  });

  it('refuses options that are not what they say, naming them', () => {
    for (const [options, message] of [
      [{ retries: Number.NaN }, /retries must be a whole number of at least 0, got NaN/],
      [{ retries: -1 }, /retries must be .* got -1/],
      [{ retries: 1.5 }, /retries must be .* got 1.5/],
      [{ timeoutMs: 0 }, /timeoutMs must be a number of ms from 1 to 2147483647, got 0/],
      // Below 1 the NATS client refuses every request; past 2^31 - 1 its timer fires at once.
      [{ timeoutMs: 0.5 }, /timeoutMs must be .* got 0.5/],
      [{ timeoutMs: 3e9 }, /timeoutMs must be .* got 3000000000/],
      [{ backoffMs: Number.POSITIVE_INFINITY }, /backoffMs must be a number of ms/],
      [{ maxBackoffMs: 2 ** 31 }, /maxBackoffMs must be a number of ms/],
    ] as const) {
      expect(() => remoteModule(nc, schema, 'scorer', options)).toThrow(message);
    }
  });
});

describe('time limits', () => {
  let serverNc: Connection;
  let linked: Linked;
  let server: ModuleServer;

  beforeAll(async () => {
    serverNc = await connectTo(nats.url);
    linked = await link({ schema, modules: { scorer: { source: wasm, runner: inWorker({ timeoutMs: 300 }) } } });
    server = await serveModule(serverNc, linked, 'scorer', { subjectPrefix: 'slow' });
  });

  afterAll(async () => {
    await server.stop();
    await serverNc.close();
    await linked.close();
  });

  it("sends the guest's time limit back as a remote TimeoutError", async () => {
    const remote = remoteModule(nc, schema, 'scorer', { subjectPrefix: 'slow', timeoutMs: 10_000 });
    const error = await rejection(remote.function('Scoring', 'Spin').call());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).not.toBeInstanceOf(RequestTimeoutError);
    expect(isRemote(error)).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(300);
    await expect(remote.client(Scoring, 'object').Score(sample(5))).resolves.toEqual(expectedScore(sample(5)));
  });

  it('does not retry a call that was in flight when its connection closed', async () => {
    const own = await connectTo(nats.url);
    const silent = (nc as unknown as { subscribe(subject: string): { unsubscribe(): void } }).subscribe('silent.scorer.Scoring.Score');
    await nc.flush();
    const remote = remoteModule(own, schema, 'scorer', { subjectPrefix: 'silent', timeoutMs: 5000, retries: 3, idempotent: true });
    const pending = rejection(remote.call('Scoring.Score', new Uint8Array(12)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await own.close();
    const error = await pending;
    silent.unsubscribe();
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ retryable: false, attempts: 1 });
  });

  it('gives RequestTimeoutError when no answer comes in time (not retried: not idempotent)', async () => {
    const remote = remoteModule(nc, schema, 'scorer', { subjectPrefix: 'slow', timeoutMs: 100, retries: 3 });
    const spinsBefore = server.counters.find((c) => c.function === 'Scoring.Spin')!.calls;
    const error = await rejection(remote.function('Scoring', 'Spin').call());
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(isRemote(error)).toBe(false);
    expect(error).toMatchObject({ attempts: 1, timeoutMs: 100, subject: 'slow.scorer.Scoring.Spin' });
    expect((error as Error).message).toMatch(/no answer on slow.scorer.Scoring.Spin within 100 ms/);
    // Not retried: the server ran Spin once more (this server shares the test's thread, so it only answers after its 300 ms limit).
    await expect(remote.client(Scoring, 'object').Score(sample(6))).resolves.toEqual(expectedScore(sample(6)));
    expect(server.counters.find((c) => c.function === 'Scoring.Spin')!.calls).toBe(spinsBefore + 1);
  });
});

describe('a nats-server restart', () => {
  it('is survived: the server reconnects, an idempotent retrying client is answered', async () => {
    const own = await startNatsServer();
    const clientNc = await connectTo(own.url);
    const server = await startScorerProcess(own.url);
    try {
      const retrying = remoteModule(clientNc, schema, 'scorer', { timeoutMs: 1000, retries: 100, backoffMs: 20, maxBackoffMs: 100, idempotent: true });
      const score = retrying.client(Scoring, 'object');
      await expect(score.Score(sample(1))).resolves.toEqual(expectedScore(sample(1)));
      await own.stop();
      // Sent while NATS is down: the client holds it until it reconnects, which may be before the
      // server process has subscribed again: then it times out, and is sent again (idempotent).
      const during = score.Score(sample(2));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const again = await startNatsServer(own.port);
      try {
        await expect(during).resolves.toEqual(expectedScore(sample(2)));
        await expect(score.Score(sample(3))).resolves.toEqual(expectedScore(sample(3)));
      } finally {
        await server.stop('SIGKILL');
        await clientNc.close();
        await again.stop();
      }
    } finally {
      await server.stop('SIGKILL');
      await own.stop();
    }
  });
});

describe('servers in child processes', () => {
  const servers: ServerProcess[] = [];
  let remote: RemoteModule;

  beforeAll(async () => {
    servers.push(...(await Promise.all([startScorerProcess(nats.url), startScorerProcess(nats.url)])));
    remote = remoteModule(nc, schema, 'scorer', { timeoutMs: 2000 });
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
  });

  /** `count` calls of Score, `concurrency` at a time; every outcome. */
  async function load(count: number, concurrency: number, onResolved?: (n: number) => void, client = remote): Promise<{ ok: number; failures: unknown[] }> {
    const score = client.function<Pair>('Scoring', 'Score');
    let next = 0;
    let ok = 0;
    const failures: unknown[] = [];
    const wrong: string[] = [];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const i = next++;
          try {
            const answer = await score.decode(sample(i));
            if (JSON.stringify(answer) !== JSON.stringify(expectedScore(sample(i)))) wrong.push(`call ${i}: ${JSON.stringify(answer)}`);
            ok++;
            onResolved?.(ok);
          } catch (error) {
            failures.push(error);
          }
        }
      }),
    );
    expect(wrong).toEqual([]); // every answer the client was given is the right one
    return { ok, failures };
  }

  it('share the calls of one queue group (services API stats of both)', async () => {
    const { ok, failures } = await load(400, 16);
    expect(failures).toEqual([]);
    expect(ok).toBe(400);
    const stats = await all(await services().stats('karmem-scorer'));
    const served = new Map(stats.map((s) => [s.id, s.endpoints!.find((e) => e.name === 'Scoring-Score')!.num_requests]));
    expect([...served.keys()].sort()).toEqual(servers.map((s) => s.id).sort());
    for (const n of served.values()) expect(n).toBeGreaterThan(0);
    expect([...served.values()].reduce((a, b) => a + b, 0)).toBe(400);
  });

  it('lose no call the client was told succeeded when one is killed mid-load; failures are typed', async () => {
    const victim = servers[0]!;
    let killed: Promise<void> | undefined;
    const { ok, failures } = await load(1500, 32, (n) => {
      if (n === 300) killed = victim.stop('SIGKILL');
    });
    await killed;
    if (process.env['NATS_TEST_VERBOSE']) console.log(`killed mid-load: ${ok} answers, ${failures.length} typed failures: ${failures.map((f) => (f as Error).name).join(', ')}`);
    expect(victim.child.signalCode).toBe('SIGKILL');
    expect(ok + failures.length).toBe(1500);
    expect(ok).toBeGreaterThan(1500 - 100); // only calls in flight at the dead server can fail
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(KarmemLinkerError);
      expect(failure instanceof RequestTimeoutError || failure instanceof NoResponderError).toBe(true);
    }
  });

  it('lose no call of an idempotent, retrying client when one is killed mid-load', async () => {
    servers.push(await startScorerProcess(nats.url));
    const victim = servers[1]!; // the survivor of the test before; the new one stays
    const retrying = remoteModule(nc, schema, 'scorer', { timeoutMs: 500, retries: 5, idempotent: true });
    let killed: Promise<void> | undefined;
    const { ok, failures } = await load(800, 32, (n) => {
      if (n === 200) killed = victim.stop('SIGKILL');
    }, retrying);
    await killed;
    expect(victim.child.signalCode).toBe('SIGKILL');
    expect(failures).toEqual([]);
    expect(ok).toBe(800);
  });

  it('is reached again by a retrying client after a restart', async () => {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    servers.length = 0;
    const plain = await rejection(remoteModule(nc, schema, 'scorer').function('Scoring', 'Score').call(sample(1)));
    expect(plain).toBeInstanceOf(NoResponderError);

    const retrying = remoteModule(nc, schema, 'scorer', { timeoutMs: 2000, retries: 60, backoffMs: 20, maxBackoffMs: 200 });
    const started = Date.now();
    const call = retrying.client(Scoring, 'object').Score(sample(9));
    await new Promise((resolve) => setTimeout(resolve, 300));
    servers.push(await startScorerProcess(nats.url));
    await expect(call).resolves.toEqual(expectedScore(sample(9)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });
});

/** A Blob message, encoded by the schema's codec into fresh bytes. */
function encodeBlob(data: Uint8Array): Uint8Array {
  const w = new Writer(data.length + 64);
  Scoring.functions[1]!.param!.encode(data, w);
  return w.bytes().slice();
}
