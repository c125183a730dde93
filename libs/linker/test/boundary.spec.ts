// The one door for guest data (src/boundary.ts), the page arena's handling of
// pages a guest grew itself, and readers that survive another module's growth.
import { GuestProtocolError, type GuestInstance, MemoryView, PageArena, link } from '@karmem-ts/linker';
import { checkLayout, checkRegion, checkStatusCode, frameAddress, linkerCodeBit, reservedRegion, statusValue } from '../src/boundary';
import { guestBytes } from './harness';
import { Sink, Test, schema } from './spec';

function problem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GuestProtocolError);
    return (error as GuestProtocolError).problem;
  }
  throw new Error('expected a GuestProtocolError');
}

describe('boundary', () => {
  it('regions: inside passes, touching the end passes, one byte past fails with the facts', () => {
    expect(() => checkRegion('m', 'I.F', 'its answer', 0, 100, 100)).not.toThrow();
    expect(() => checkRegion('m', 'I.F', 'its answer', 100, 0, 100)).not.toThrow();
    expect(problem(() => checkRegion('m', 'I.F', 'its answer', 60, 41, 100))).toBe('its answer [60, +41) lies outside its memory (100 bytes)');
    // u32 sums do not wrap in a JS number.
    expect(problem(() => checkRegion('m', undefined, 'x', 0xffffffff, 0xffffffff, 65536))).toMatch(/\[4294967295, \+4294967295\)/);
  });

  it('errors name the module and the function', () => {
    expect.assertions(2);
    try {
      checkRegion('engine', 'Physics.Step', 'its answer', 10, 10, 12);
    } catch (error) {
      expect(error).toMatchObject({ name: 'GuestProtocolError', module: 'engine', function: 'Physics.Step' });
      expect((error as Error).message).toBe('karmem: module "engine", Physics.Step broke the ABI: its answer [10, +10) lies outside its memory (12 bytes) (the module was reset)');
    }
  });

  it('frames: converted to u32, aligned, 16 bytes inside', () => {
    expect(frameAddress('m', 1024, 2048)).toBe(1024);
    expect(problem(() => frameAddress('m', -16, 65536))).toBe('its frame (karmem_frame) [4294967280, +16) lies outside its memory (65536 bytes)');
    expect(problem(() => frameAddress('m', 2042, 65536))).toBe('its frame address 2042 (karmem_frame) is not 4-byte aligned');
    expect(problem(() => frameAddress('m', 65528, 65536))).toMatch(/lies outside/);
    expect(problem(() => frameAddress('m', 5n, 65536))).toBe('karmem_frame returned a bigint, not an i32 address');
  });

  it('reserved regions hold the size asked for', () => {
    expect(reservedRegion('m', 0, 1024, 4096, 65536)).toBe(4096);
    expect(problem(() => reservedRegion('m', 1, 1024, 65000, 65536))).toBe('the region karmem_reserve(1, 1024) returned [65000, +1024) lies outside its memory (65536 bytes)');
  });

  it('statuses: i32 only; linker codes only when the linker gave them', () => {
    expect(statusValue('m', 'I.F', -70)).toBe(-70);
    expect(problem(() => statusValue('m', 'I.F', 8n))).toMatch(/^returned a bigint, not an i32 status/);
    expect(problem(() => statusValue('m', 'I.F', 1.5))).toMatch(/^returned 1\.5, not an i32 status/);
    expect(() => checkStatusCode('m', 'I.F', -3, 0)).not.toThrow(); // runtime-as code
    expect(() => checkStatusCode('m', 'I.F', -64, 0)).not.toThrow(); // application code
    expect(() => checkStatusCode('m', 'I.F', -17, linkerCodeBit(17))).not.toThrow(); // passed on
    expect(problem(() => checkStatusCode('m', 'I.F', -17, linkerCodeBit(16)))).toBe(
      'returned status -17 (CALLEE_FAILED), a code only the linker gives, and no import of this call failed with it',
    );
    expect(problem(() => checkStatusCode('m', 'I.F', -63, 0xffffffff))).toMatch(/^returned status -63/);
  });

  it('layouts: memoryBase <= heapBase <= memory size', () => {
    expect(() => checkLayout('m', 1024, 4096, 65536)).not.toThrow();
    expect(problem(() => checkLayout('m', 4096, 1024, 65536))).toMatch(/static data \[4096, 1024\)/);
    expect(problem(() => checkLayout('m', 0, 70000, 65536))).toMatch(/not a range inside its memory/);
  });
});

describe('page arena and pages a guest grew itself', () => {
  it('never hands out a page a guest added with memory.grow', () => {
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 16 });
    const arena = new PageArena(memory, new MemoryView(memory), 1);
    const first = arena.allocate('a', 65536);
    expect(first).toBe(65536);
    memory.grow(2); // a guest's own growth: pages 2 and 3
    const next = arena.allocate('b', 65536);
    expect(next).toBe(4 * 65536);
    expect(arena.used('#guest-grown')).toBe(2 * 65536);
  });
});

describe('readers that keep their promise', () => {
  it("shared memory: a module's answer reader stays valid after another module grew the memory", async () => {
    const linked = await link({ schema, memory: 'shared', modules: { alpha: guestBytes('alpha'), beta: guestBytes('beta') } });
    const take = linked.function('beta', 'Sink', 'Take');
    const reader = take.call(new Uint8Array([1, 2, 3]));
    const before = Sink.functions[0]!.result!.decode(reader);
    const buffer = (linked.endpoint('beta') as GuestInstance).memory.buffer;
    linked.client('alpha', Test, 'object').Grow({ Bytes: 8 << 20 });
    expect((linked.endpoint('beta') as GuestInstance).memory.buffer).not.toBe(buffer); // it did grow
    expect(Sink.functions[0]!.result!.decode(reader)).toEqual(before);
    await linked.close();
  });
});
