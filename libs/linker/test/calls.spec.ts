// Calls from the host into guests, and from guests into the host, under each
// memory arrangement: typed results (viewer or object), the raw reader path,
// large messages (regions and memories grow), host implementations.
import { GuestError, type GuestInstance, type Linked, STATUS, link } from '@karmem-ts/linker';
import { Writer } from '@karmem-ts/runtime';
import { type GuestName, guestBytes } from './harness';
import { Blob, type BlobView, Test, schema } from './spec';

const SETUPS: { label: string; memory: 'copy' | 'shared'; alpha: GuestName; beta: GuestName }[] = [
  { label: 'copy, guests own their memory', memory: 'copy', alpha: 'alphaOwn', beta: 'betaOwn' },
  { label: 'copy, host-owned memories', memory: 'copy', alpha: 'alpha', beta: 'beta' },
  { label: 'shared memory', memory: 'shared', alpha: 'alpha', beta: 'beta' },
];

/** Byte equality without Jest's element-by-element diff (slow on megabytes). */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function pattern(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

describe.each(SETUPS)('$label', ({ memory, alpha, beta }) => {
  let linked: Linked;
  beforeAll(async () => {
    linked = await link({ schema, memory, modules: { alpha: guestBytes(alpha), beta: guestBytes(beta) } });
  });
  afterAll(() => linked.close());

  it('returns viewers or plain data, as the caller chooses', () => {
    const viewer = linked.client('alpha', Test);
    const objects = linked.client('alpha', Test, 'object');
    const data = pattern(100);
    const view: BlobView = viewer.Echo(data);
    expect(view.bytes).toEqual(data);
    // A viewer reads the guest's memory in place...
    expect(view.bytes.buffer).toBe(linked.endpoint('alpha').resultU8.buffer);
    // ...plain data is a copy that outlives the next call.
    const copy = objects.Echo(data) as unknown as Uint8Array;
    objects.Echo(pattern(100, 9));
    expect(copy).toEqual(data);
    expect(objects.Sum(new Uint8Array([1, 2, 3, 250]))).toEqual({ Value: 256 });
    expect(objects.Counter()).toEqual({ Value: 1 });
    expect(objects.Counter()).toEqual({ Value: 2 });
  });

  it('the raw path reuses one reader and one writer per module', () => {
    const echo = linked.function('alpha', 'Test', 'Echo');
    const first = echo.call(pattern(10));
    const second = echo.call(pattern(20));
    expect(second).toBe(first);
    const endpoint = linked.endpoint('alpha');
    expect(endpoint.argWriter(8)).toBe(endpoint.argWriter(8));
    expect(second.length).toBe(12 + 20);
    expect(Blob.view(second).bytes).toEqual(pattern(20));
    // An encoded message goes in with one copy; a writer callback writes in place.
    const bytes = new Writer();
    Blob.encode(pattern(5), bytes);
    expect(Blob.view(echo.callBytes(bytes.bytes())).bytes).toEqual(pattern(5));
    const viaWriter = echo.callWith((w) => Blob.encode(pattern(7), w));
    expect(Blob.view(viaWriter).bytes).toEqual(pattern(7));
  });

  it('grows the argument region and follows memory growth for large messages', () => {
    const echo = linked.function('alpha', 'Test', 'Echo');
    for (const size of [1, 4096, 70_000, 3_000_000, 10]) {
      const data = pattern(size, size);
      const back = Blob.view(echo.call(data)).bytes;
      expect(back.length).toBe(size);
      expect(same(back, data)).toBe(true);
    }
    const big = pattern(2_500_000, 3);
    expect(same(Blob.view(echo.callWith((w) => Blob.encode(big, w))).bytes, big)).toBe(true);
  });

  it('an application failure is a GuestError with its code; the module keeps its state', () => {
    const test = linked.client('alpha', Test, 'object');
    const before = test.Counter().Value;
    let error: unknown;
    try {
      test.Fail();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GuestError);
    expect(error).toMatchObject({ module: 'alpha', function: 'Test.Fail', code: 70, codeName: 'APPLICATION(70)' });
    expect(test.Counter().Value).toBe(before + 1);
  });

  it('guest to guest: messages cross, answers come back', () => {
    const report = linked.client('alpha', Test, 'object').Produce({ Bytes: 5000 });
    expect(report.Length).toBe(5000);
    expect(report.ReceiverSum).toBe(report.SenderSum);
    expect(linked.stats.importCalls).toBeGreaterThan(0);
  });
});

/** What the host's Sink.Take saw of each argument: where, how long, its first byte and sum, and whether it was in alpha's memory. */
interface TakeSeen {
  address: number;
  length: number;
  first: number;
  sum: number;
  inGuestMemory: boolean;
}

/** alpha linked to a host Sink whose Take records what it saw (TakeSeen) and answers its address, length and sum. */
async function linkWithRecordingSink(memory: 'copy' | 'shared'): Promise<{ linked: Linked; seen: TakeSeen[] }> {
  const seen: TakeSeen[] = [];
  let linked!: Linked;
  linked = await link({
    schema,
    memory,
    modules: { alpha: guestBytes('alpha') },
    host: {
      Sink: {
        Take(arg: BlobView) {
          const bytes = arg.bytes;
          let sum = 0;
          for (const b of bytes) sum += b;
          const guestMemory = (linked.endpoint('alpha') as GuestInstance).bytes().buffer;
          seen.push({ address: bytes.byteOffset, length: bytes.length, first: bytes[0] ?? -1, sum, inGuestMemory: bytes.buffer === guestMemory });
          return { Address: bytes.byteOffset, Length: bytes.length, Checksum: sum };
        },
        Trap() {},
        Peek: () => ({ Value: 0 }),
      },
    },
  });
  return { linked, seen };
}

describe('a host implementation of an interface', () => {
  it.each(['copy', 'shared'] as const)('serves a guest import with a viewer of the guest memory (%s)', async (memory) => {
    const { linked, seen } = await linkWithRecordingSink(memory);
    const report = linked.client('alpha', Test, 'object').Produce({ Bytes: 3000 });
    expect(seen).toHaveLength(1);
    // The host read the guest's bytes where the guest wrote them: no copy.
    expect(seen[0]).toEqual({ address: report.SenderAddress + 12, length: 3000, first: 3, sum: report.SenderSum, inGuestMemory: true });
    expect(report).toMatchObject({ ReceiverAddress: report.SenderAddress + 12, Length: 3000 });
    expect(report.ReceiverSum).toBe(report.SenderSum);
    expect(linked.stats.copies).toBe(0);
    await linked.close();
  });

  it('reads each call\'s own argument through the import\'s one reader, across a growth of the guest\'s memory', async () => {
    const { linked, seen } = await linkWithRecordingSink('copy');
    const client = linked.client('alpha', Test, 'object');
    const pages = () => (linked.endpoint('alpha') as GuestInstance).bytes().length >>> 16;
    const first = client.Produce({ Bytes: 10 });
    const before = pages();
    client.Grow({ Bytes: 4 << 16 }); // the guest's memory grows: the buffer the reader was made over is detached
    expect(pages()).toBeGreaterThan(before);
    const second = client.Produce({ Bytes: 3000 });
    const third = client.Produce({ Bytes: 1 });
    expect(seen.map(({ length, sum, inGuestMemory }) => ({ length, sum, inGuestMemory }))).toEqual([
      { length: 10, sum: first.SenderSum, inGuestMemory: true },
      { length: 3000, sum: second.SenderSum, inGuestMemory: true },
      { length: 1, sum: third.SenderSum, inGuestMemory: true },
    ]);
    expect([first, second, third].map((r) => r.ReceiverSum)).toEqual([first.SenderSum, second.SenderSum, third.SenderSum]);
    await linked.close();
  });

  it('a host answer that does not fit is written again into a larger region', async () => {
    // The host answers Blob-sized data through Sink.Take's Info codec: encode into the caller's answer region.
    const linked = await link({
      schema,
      modules: { alpha: guestBytes('alpha') },
      host: { Sink: { Take: (arg: BlobView) => ({ Address: 1, Length: arg.bytes.length, Checksum: 2 }), Trap: () => {}, Peek: () => ({ Value: 0 }) } },
    });
    expect(linked.client('alpha', Test, 'object').Produce({ Bytes: 10 })).toMatchObject({ ReceiverAddress: 1, Length: 10, ReceiverSum: 2 });
    await linked.close();
  });

  it('a host implementation that throws fails the import, not the guest', async () => {
    const faults: unknown[] = [];
    const linked = await link({
      schema,
      modules: { alpha: guestBytes('alpha') },
      host: {
        Sink: {
          Take() {
            throw new Error('disk full');
          },
          Trap() {},
          Peek: () => ({ Value: 0 }),
        },
      },
      onFault: (e) => faults.push(e),
    });
    const test = linked.client('alpha', Test, 'object');
    let error: unknown;
    try {
      test.Produce({ Bytes: 10 });
    } catch (e) {
      error = e;
    }
    // alpha turns a failed import into its own failure (fail(64 + status)).
    expect(error).toBeInstanceOf(GuestError);
    expect(error).toMatchObject({ module: 'alpha', function: 'Test.Produce', code: 64 + STATUS.CALLEE_FAILED });
    expect((error as GuestError).cause).toMatchObject({ name: 'HostFunctionError', function: 'Sink.Take', message: expect.stringContaining('disk full') });
    expect(faults).toHaveLength(1);
    expect(test.Counter()).toEqual({ Value: 1 });
    await linked.close();
  });
});
