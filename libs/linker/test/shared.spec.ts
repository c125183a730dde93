// Shared memory: guests pass messages by address. The 1 MiB test proves no
// byte is copied: the callee reads the caller's bytes at the caller's
// address, its write is visible to the caller, the linker counts no copy,
// and no copying TypedArray / ArrayBuffer method runs on the host during the
// call. Then several guests allocate and free at once on one memory.
import { type GuestInstance, type Linked, link } from '@karmem-ts/linker';
import { guestBytes } from './harness';
import { Blob, Sink, Test, schema } from './spec';

const MiB = 1 << 20;

/** Counts calls of the host's copying methods while `run` runs. */
function countCopies<T>(run: () => T): { result: T; calls: Record<string, number> } {
  const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as Record<string, (...args: unknown[]) => unknown>;
  const targets: [Record<string, (...args: unknown[]) => unknown>, string, string][] = [
    [TypedArrayPrototype, 'set', 'TypedArray.set'],
    [TypedArrayPrototype, 'slice', 'TypedArray.slice'],
    [TypedArrayPrototype, 'copyWithin', 'TypedArray.copyWithin'],
    [TypedArrayPrototype, 'subarray', 'TypedArray.subarray'],
    [ArrayBuffer.prototype as unknown as Record<string, (...args: unknown[]) => unknown>, 'slice', 'ArrayBuffer.slice'],
  ];
  const calls: Record<string, number> = {};
  const saved = targets.map(([object, method]) => object[method]!);
  targets.forEach(([object, method, label], i) => {
    calls[label] = 0;
    const original = saved[i]!;
    object[method] = function (this: unknown, ...args: unknown[]) {
      calls[label]!++;
      return original.apply(this, args);
    };
  });
  try {
    return { result: run(), calls };
  } finally {
    targets.forEach(([object, method], i) => (object[method] = saved[i]!));
  }
}

describe('a 1 MiB message from guest A to guest B', () => {
  it('shared memory: crosses with zero copies', async () => {
    const linked = await link({ schema, memory: 'shared', modules: { alpha: guestBytes('alpha'), beta: guestBytes('beta') } });
    const produce = linked.client('alpha', Test, 'object').Produce;
    produce({ Bytes: 1000 }); // warm up: regions and heaps exist
    const before = { ...linked.stats };
    const { result: report, calls } = countCopies(() => produce({ Bytes: MiB }));

    // B read the bytes where A wrote them: the address A's writer put the
    // Blob's data at (its message start + 12, after the table) is the
    // address B saw, in the one memory both import.
    expect(report.Length).toBe(MiB);
    expect(report.ReceiverAddress).toBe(report.SenderAddress + 12);
    expect(report.ReceiverSum).toBe(report.SenderSum);
    // B wrote a marker into the message in place; A sees it: same bytes, not a copy.
    expect(report.MarkerSeen).toBe(1);
    // The host moved offsets only.
    expect(linked.stats.copies - before.copies).toBe(0);
    expect(linked.stats.bytesCopied - before.bytesCopied).toBe(0);
    expect(linked.stats.importCalls - before.importCalls).toBe(1);
    expect(calls).toEqual({ 'TypedArray.set': 0, 'TypedArray.slice': 0, 'TypedArray.copyWithin': 0, 'TypedArray.subarray': 0, 'ArrayBuffer.slice': 0 });

    // The host sees the same bytes too, at the same address: marker, then A's pattern.
    const memory = (linked.endpoint('alpha') as GuestInstance).bytes();
    expect(memory).toBe((linked.endpoint('beta') as GuestInstance).bytes());
    expect(memory[report.ReceiverAddress]).toBe(0xab);
    for (const i of [1, 2, 1000, MiB - 1]) expect(memory[report.ReceiverAddress + i]).toBe((i * 7 + 3) & 0xff);
    await linked.close();
  });

  it('copy mode, for contrast: one copy of the message into B, one of the answer back', async () => {
    const linked = await link({ schema, memory: 'copy', modules: { alpha: guestBytes('alpha'), beta: guestBytes('beta') } });
    const produce = linked.client('alpha', Test, 'object').Produce;
    produce({ Bytes: 1000 });
    const before = { ...linked.stats };
    const report = produce({ Bytes: MiB });
    expect(report.ReceiverSum).toBe(report.SenderSum);
    // B's marker went into B's copy, not A's bytes.
    expect(report.MarkerSeen).toBe(0);
    expect(linked.stats.copies - before.copies).toBe(2);
    expect(linked.stats.bytesCopied - before.bytesCopied).toBe(12 + MiB + 16);
    await linked.close();
  });
});

// Making a module's argument region large enough for an argument may grow the one memory, which detaches
// every view of its old buffer: the argument's own when it is another module's answer, passed on. The
// argument is read before anything grows, whichever way it is given, and its bytes arrive whole.
describe('an answer of one module passed on as the argument of another', () => {
  const SIZE = 400_000;
  const pattern = Uint8Array.from({ length: SIZE }, (_, i) => (i * 13 + 5) & 0xff);
  const checksum = pattern.reduce((sum, b) => sum + b, 0);

  async function linkedWithAnswer(): Promise<{ linked: Linked; answer: Uint8Array; message: Uint8Array }> {
    const linked = await link({ schema, memory: 'shared', modules: { alpha: guestBytes('alpha'), beta: guestBytes('beta') } });
    const reader = linked.function('alpha', 'Test', 'Echo').call(pattern);
    const message = reader.bytes(0, reader.length);
    const answer = Blob.view(reader).bytes;
    // Both views lie in the one memory (the Blob's bytes inside the answered message).
    expect(answer.buffer).toBe((linked.endpoint('beta') as GuestInstance).bytes().buffer);
    expect(message.buffer).toBe(answer.buffer);
    return { linked, answer, message };
  }

  it.each([
    ['a typed client', (linked: Linked, answer: Uint8Array) => (linked.client('beta', Sink, 'object') as unknown as { Take(arg: Uint8Array): { Length: number; Checksum: number } }).Take(answer)],
    ['callWith', (linked: Linked, answer: Uint8Array) => Info(linked.function('beta', 'Sink', 'Take').callWith((w) => Blob.encode(answer, w)))],
    ['callBytes (the whole answered message)', (linked: Linked, _answer: Uint8Array, message: Uint8Array) => Info(linked.function('beta', 'Sink', 'Take').callBytes(message))],
  ] as const)('through %s: the callee gets every byte', async (_how, call) => {
    const { linked, answer, message } = await linkedWithAnswer();
    const before = (linked.endpoint('beta') as GuestInstance).bytes().buffer;
    const info = call(linked, answer, message);
    expect(info).toMatchObject({ Length: SIZE, Checksum: checksum });
    // The memory did grow during the call (so the views given were detached by it).
    expect((linked.endpoint('beta') as GuestInstance).bytes().buffer).not.toBe(before);
    await linked.close();
  });
});

function Info(reader: import('@karmem-ts/runtime').Reader): { Length: number; Checksum: number } {
  const size = reader.tableSize(0, true);
  return { Length: size >= 12 ? reader.u32(8) : 0, Checksum: size >= 16 ? reader.u32(12) : 0 };
}

describe('several guests allocating at once on one memory', () => {
  type Stress = { init(seed: number): void; run(steps: number): void; verify(): number; clear(): void; churn(rounds: number): number; collect(): void };
  const stress = (linked: Linked, name: string) => (linked.endpoint(name) as GuestInstance).instance.exports as unknown as Stress;

  it('keep every block intact (three allocators, two runtimes, plus message traffic)', async () => {
    const linked = await link({
      schema,
      memory: 'shared',
      modules: {
        stress1: guestBytes('stress1'),
        stress2: guestBytes('stress2'),
        stress3: guestBytes('stress3'),
        alpha: guestBytes('alpha'),
        beta: guestBytes('beta'),
      },
    });
    const names = ['stress1', 'stress2', 'stress3'];
    names.forEach((name, i) => stress(linked, name).init(1000 + i * 7919));
    const produce = linked.client('alpha', Test, 'object').Produce;
    const echo = linked.function('alpha', 'Test', 'Echo');
    for (let round = 0; round < 150; round++) {
      for (const name of names) stress(linked, name).run(300);
      if (round % 10 === 3) for (const name of names) stress(linked, name).churn(5);
      if (round % 10 === 7) for (const name of names) stress(linked, name).collect();
      const size = 1 + ((round * 7919) % 200_000);
      const report = produce({ Bytes: size });
      expect(report.ReceiverSum).toBe(report.SenderSum);
      expect(echo.call(new Uint8Array(size)).length).toBe(12 + size);
      if (round === 70) {
        // A reset in the middle: stress2's pages go back to the arena, the others take them.
        linked.reset('stress2');
        stress(linked, 'stress2').init(4242);
      }
      if (round % 15 === 14) for (const name of names) expect(stress(linked, name).verify()).toBe(0);
    }
    for (const name of names) {
      expect(stress(linked, name).verify()).toBe(0);
      stress(linked, name).clear();
      expect(stress(linked, name).verify()).toBe(0);
    }
    // Static data of each module is where its frame says, and no two overlap.
    const layouts = [...names, 'alpha', 'beta'].map((n) => linked.endpoint(n) as GuestInstance).map((g) => [g.memoryBase, g.heapBase] as const);
    layouts.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < layouts.length; i++) expect(layouts[i]![0]).toBeGreaterThanOrEqual(layouts[i - 1]![1]);
    await linked.close();
  });
});
