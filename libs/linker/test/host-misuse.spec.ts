// What the host side may do wrong: a JavaScript caller's argument whose code
// calls back into the linker while it is encoded, a value that is not what a
// call takes, a host implementation that throws or answers what cannot be
// read. Each ends in a typed error naming the culprit (or in the right
// answer), nothing else is corrupted, and every module keeps working.
import { type Codec, GuestError, type GuestInstance, HostFunctionError, type KarmemLinkerError, type Linked, ReentrancyError, STATUS, type SchemaSpec, link } from '@karmem-ts/linker';
import { KarmemEncodeError, type Reader } from '@karmem-ts/runtime';
import { inWorker } from '@karmem-ts/linker/worker';
import { guestBytes } from './harness';
import { Blob, type BlobView, Sink, Test, type TestClient, schema } from './spec';
import { thrown } from './thrown';

const MODES = ['copy', 'shared', 'worker'] as const;
type Mode = (typeof MODES)[number];
const alphaIn = (mode: Mode) => ({ source: guestBytes(mode === 'shared' ? 'alpha' : 'alphaOwn'), ...(mode === 'worker' ? { runner: inWorker({ timeoutMs: 5000 }) } : {}) });
const betaIn = (mode: Mode) => guestBytes(mode === 'shared' ? 'beta' : 'betaOwn');
const memoryOf = (mode: Mode) => (mode === 'shared' ? ('shared' as const) : ('copy' as const));
const quietSink = { Take: () => ({ Address: 0, Length: 0, Checksum: 0 }), Trap() {}, Peek: () => ({ Value: 0 }) };

// Test.Bench(Bench{Bytes, Rounds}) answers Rounds times Sink.Peek's answer, which beta gives as the Blob's length (Bytes).
describe.each(MODES)('an argument whose own code calls the linker while it is encoded (%s)', (mode) => {
  it('a call into the same module is refused, and the outer call gets its own argument', async () => {
    const linked = await link({ schema, memory: memoryOf(mode), modules: { alpha: alphaIn(mode), beta: betaIn(mode) } });
    const t = linked.client('alpha', Test, 'object') as unknown as TestClient;
    expect(t.Bench({ Bytes: 100, Rounds: 3 })).toEqual({ Value: 300 });
    let inner: unknown;
    const arg = {
      Bytes: 100,
      get Rounds() {
        inner = thrown(() => t.Echo(new Uint8Array(50)));
        return 3;
      },
    };
    expect(t.Bench(arg)).toEqual({ Value: 300 });
    expect(inner).toBeInstanceOf(ReentrancyError);
    expect(inner).toMatchObject({ module: 'alpha', function: 'Test.Echo' });
    expect(t.Echo(new Uint8Array([1, 2, 3]))).toEqual(new Uint8Array([1, 2, 3]));
    await linked.close();
  });

  it('resetting that module is refused, and the outer call gets its own argument', async () => {
    const linked = await link({ schema, memory: memoryOf(mode), modules: { alpha: alphaIn(mode), beta: betaIn(mode) } });
    const t = linked.client('alpha', Test, 'object') as unknown as TestClient;
    t.Bench({ Bytes: 1, Rounds: 1 });
    let inner: unknown;
    const arg = {
      Bytes: 100,
      get Rounds() {
        inner = thrown(() => linked.reset('alpha'));
        return 3;
      },
    };
    expect(t.Bench(arg)).toEqual({ Value: 300 });
    expect(inner).toBeInstanceOf(ReentrancyError);
    await linked.close();
  });

  it('a call into another module is answered, and so is the outer call', async () => {
    const linked = await link({ schema, memory: memoryOf(mode), modules: { alpha: alphaIn(mode), beta: betaIn(mode) } });
    const t = linked.client('alpha', Test, 'object') as unknown as TestClient;
    t.Bench({ Bytes: 1, Rounds: 1 });
    const sink = linked.client('beta', Sink, 'object') as unknown as { Peek(arg: Uint8Array): { Value: number } };
    // 3 MB for beta: in shared memory that grows the one memory under alpha's argument writer.
    const arg = {
      Bytes: 100,
      get Rounds() {
        return sink.Peek(new Uint8Array(3 << 20)).Value === 3 << 20 ? 3 : 0;
      },
    };
    expect(t.Bench(arg)).toEqual({ Value: 300 });
    await linked.close();
  });
});

describe.each(['copy', 'shared'] as const)('values a call does not take (%s)', (memory) => {
  it('callBytes of something that is not a Uint8Array: a KarmemEncodeError, and the module still takes arguments', async () => {
    const linked = await link({ schema, memory, modules: { alpha: guestBytes(memory === 'shared' ? 'alpha' : 'alphaOwn') }, host: { Sink: quietSink } });
    const echo = linked.function('alpha', 'Test', 'Echo');
    for (const value of [42, 'hello', null, undefined, { length: 100 }, [1, 2], new Uint16Array(4), new DataView(new ArrayBuffer(4))]) {
      const error = thrown(() => echo.callBytes(value as never));
      expect(error).toBeInstanceOf(KarmemEncodeError);
      expect((error as Error).message).toContain('Test.Echo: callBytes takes the encoded message as a Uint8Array');
    }
    expect(thrown(() => echo.callWith(42 as never))).toEqual(new TypeError('karmem: Test.Echo: callWith takes a function that writes the argument, not 42'));
    const t = linked.client('alpha', Test, 'object') as unknown as TestClient;
    expect(t.Echo(new Uint8Array([4, 5]))).toEqual(new Uint8Array([4, 5]));
    await linked.close();
  });
});

describe.each(['copy', 'worker'] as const)('a host implementation whose failure or answer cannot be inspected (%s)', (mode) => {
  const plainError = new Error('a message');
  it.each([
    ['throws an object without a prototype', () => { throw Object.create(null); }],
    ['throws an Error whose message getter throws', () => { throw Object.defineProperty(new Error(), 'message', { get() { throw plainError; } }); }],
    ['throws a Proxy whose every trap throws', () => { throw new Proxy({}, { get() { throw plainError; }, getPrototypeOf() { throw plainError; } }); }],
    ['returns an object whose `then` getter throws', () => ({ Address: 1, Length: 2, Checksum: 3, get then() { throw plainError; } })],
    ['returns an object whose field getter throws', () => ({ Address: 1, get Length(): number { throw plainError; }, Checksum: 3 })],
  ])('%s: HostFunctionError recorded, the guest gets CALLEE_FAILED and is not reset, close() resolves', async (_label, Take) => {
    const faults: KarmemLinkerError[] = [];
    const linked = await link({ schema, modules: { alpha: alphaIn(mode) }, host: { Sink: { ...quietSink, Take } }, onFault: (e) => faults.push(e) });
    const t = linked.client('alpha', Test, 'object') as unknown as TestClient;
    // Produce fails with its application code 64 + the import's negated status.
    const error = thrown(() => t.Produce({ Bytes: 10 })) as GuestError;
    expect(error).toBeInstanceOf(GuestError);
    expect(error.code).toBe(64 + STATUS.CALLEE_FAILED);
    expect(faults.filter((f) => f instanceof HostFunctionError)).toHaveLength(1);
    expect(faults[0]).toMatchObject({ module: 'host', function: 'Sink.Take' });
    expect(linked.endpoint('alpha').resets).toBe(0);
    expect(t.Counter()).toEqual({ Value: 1 });
    await linked.close();
  });
});

describe.each(['copy', 'shared'] as const)('a host implementation answering bytes (%s)', (memory) => {
  async function produceWith(Take: (arg: BlobView) => unknown): Promise<{ error: unknown; faults: KarmemLinkerError[] }> {
    const faults: KarmemLinkerError[] = [];
    const linked = await link({ schema, memory, modules: { alpha: guestBytes(memory === 'shared' ? 'alpha' : 'alphaOwn') }, host: { Sink: { ...quietSink, Take } }, onFault: (e) => faults.push(e) });
    let error: unknown;
    try {
      (linked.client('alpha', Test, 'object') as unknown as TestClient).Produce({ Bytes: 100_000 });
    } catch (e) {
      error = e;
    }
    await linked.close();
    return { error, faults };
  }

  it('bytes of the caller\'s own memory (its argument, 100 KB, answered back) arrive whole', async () => {
    // Sink.Take answers an Info; alpha's Blob argument is not one, but Produce only reads the answer's first fields:
    // the guest gets the 100 KB where it asked for an answer, as it would from another module, and answers its report.
    let given = 0;
    const { error, faults } = await produceWith((arg) => {
      given = arg.bytes.length;
      return arg.bytes;
    });
    expect(given).toBe(100_000);
    expect(error).toBeUndefined();
    expect(faults).toEqual([]);
  });

  it('empty bytes where the function has a result: HostFunctionError, never an empty answer read as defaults', async () => {
    const { error, faults } = await produceWith(() => new Uint8Array(0));
    expect((error as GuestError).code).toBe(64 + STATUS.CALLEE_FAILED);
    expect(faults).toHaveLength(1);
    expect(faults[0]).toBeInstanceOf(HostFunctionError);
    expect(faults[0]!.message).toContain('returned empty bytes, not an encoded Info');
  });
});

describe("a host implementation's argument viewer (shared memory)", () => {
  it('reads its argument through a call the implementation makes into another module, which grows the one memory', async () => {
    // Blob read lazily through the reader, as codegen-ts's viewers read (spec.ts's Blob copies its bytes out at once).
    const LazyBlob: Codec<Uint8Array, { readonly bytes: Uint8Array }> = {
      ...Blob,
      view: (r: Reader) => ({
        get bytes() {
          const s = r.tableSize(0, true) >= 12 ? r.slice(4) : { offset: 0, size: 0 };
          return r.bytes(s.offset, s.size);
        },
      }),
    };
    const lazySchema: SchemaSpec = {
      ...schema,
      interfaces: { ...schema.interfaces, Sink: { ...Sink, functions: Sink.functions.map((f) => (f.name === 'Take' ? { ...f, param: LazyBlob } : f)) } },
    };
    const seen: number[] = [];
    let grew = false;
    const linked: Linked = await link({
      schema: lazySchema,
      memory: 'shared',
      modules: { alpha: guestBytes('alpha'), beta: guestBytes('beta') },
      bind: { alpha: { Sink: 'host' } },
      host: {
        Sink: {
          ...quietSink,
          Take(arg: { readonly bytes: Uint8Array }) {
            seen.push(arg.bytes.length, arg.bytes[1]!);
            const before = (linked.endpoint('beta') as GuestInstance).bytes().buffer;
            linked.function('beta', 'Sink', 'Peek').decode(new Uint8Array(4 << 20));
            grew = (linked.endpoint('beta') as GuestInstance).bytes().buffer !== before;
            seen.push(arg.bytes.length, arg.bytes[1]!);
            return { Address: 0, Length: arg.bytes.length, Checksum: 0 };
          },
        },
      },
    });
    expect((linked.client('alpha', Test, 'object') as unknown as TestClient).Produce({ Bytes: 1000 })).toMatchObject({ Length: 1000 });
    expect(grew).toBe(true);
    // Produce's pattern: byte i is (i * 7 + 3) & 0xff.
    expect(seen).toEqual([1000, 10, 1000, 10]);
    await linked.close();
  });
});

describe.each(MODES)('an answer passed back to the module that gave it (%s)', (mode) => {
  // `x = f(x)` with viewers: the next argument is encoded from the last answer while it is written.
  it('arrives whole: its bytes through a typed client, the whole answered message as data or through callBytes', async () => {
    const linked = await link({ schema, memory: memoryOf(mode), modules: { alpha: alphaIn(mode) }, host: { Sink: quietSink } });
    const viewer = linked.client('alpha', Test) as unknown as { Echo(arg: Uint8Array): BlobView };
    const first = Uint8Array.from({ length: 20 }, (_, i) => i + 1);
    let answer = viewer.Echo(first);
    for (let round = 0; round < 3; round++) answer = viewer.Echo(answer.bytes);
    expect(Array.from(answer.bytes)).toEqual(Array.from(first));
    const echo = linked.function('alpha', 'Test', 'Echo');
    const reader = echo.call(first);
    const message = reader.bytes(0, reader.length);
    const sent = Array.from(message);
    // The whole answered message as the next Blob's data: its bytes lie where that Blob's header is written.
    expect(Array.from(viewer.Echo(message).bytes)).toEqual(sent);
    const again = echo.call(first);
    const whole = again.bytes(0, again.length);
    const answered = echo.callBytes(whole);
    expect(Array.from(answered.bytes(0, answered.length))).toEqual(sent);
    await linked.close();
  });
});
