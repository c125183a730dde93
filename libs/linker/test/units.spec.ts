// Unit tests: the wasm binary reader, the page arena, the byte copy between
// memories, and the rule that only src/worker uses Node-only APIs.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryCapError, MemoryView, PageArena, readWasm, withMemoryMaximum } from '@karmem-ts/linker';
import { copyBytes } from '../src/calls';
import { guestBytes } from './harness';

describe('readWasm', () => {
  it('reads the exact types of imports and exports, and memory limits', () => {
    const alpha = readWasm(guestBytes('alpha'));
    expect(alpha.exports).toEqual(
      expect.arrayContaining([
        { name: 'Test_Echo', kind: 'function', type: '(i32,i32)->i32' },
        { name: 'karmem_abi_version', kind: 'function', type: '()->i32' },
        { name: 'karmem_reserve', kind: 'function', type: '(i32,i32)->i32' },
      ]),
    );
    expect(alpha.imports).toEqual(
      expect.arrayContaining([
        { module: 'karmem-checked:Sink', name: 'Take', kind: 'function', type: '(i32,i32)->i32' },
        { module: 'karmem', name: 'arena_grow', kind: 'function', type: '(i32)->i32' },
        { module: 'env', name: 'memory', kind: 'memory', limits: { min: expect.any(Number), shared: false } },
      ]),
    );
    expect(alpha.memories).toEqual([]);
    const own = readWasm(guestBytes('alphaOwn'));
    expect(own.memories).toEqual([{ min: expect.any(Number), shared: false }]);
    expect(() => readWasm(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow('not a WebAssembly module');
  });

  it('writes a memory maximum and the engine enforces it', () => {
    const patched = withMemoryMaximum(guestBytes('alphaOwn'), 3);
    expect(readWasm(patched).memories[0]).toMatchObject({ max: 3 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(patched as Uint8Array<ArrayBuffer>), {
      env: { abort() {}, trace() {}, seed: () => 0 },
      'karmem-checked:Sink': { Take: () => 0, Trap: () => 0, Peek: () => 0 },
    });
    const memory = instance.exports.memory as WebAssembly.Memory;
    expect(() => memory.grow(10)).toThrow(RangeError);
    // No memory defined: unchanged.
    const imported = guestBytes('alpha');
    expect(withMemoryMaximum(imported, 3)).toBe(imported);
  });
});

describe('PageArena', () => {
  const PAGE = 65536;
  function arena(initial = 2, first = 2) {
    const memory = new WebAssembly.Memory({ initial });
    return new PageArena(memory, new MemoryView(memory), first);
  }

  it('never hands out pages below the first free page, grows the memory, reuses freed runs', () => {
    const a = arena(2, 2);
    const x = a.allocate('m', 1);
    expect(x).toBe(2 * PAGE);
    const y = a.allocate('m', PAGE + 1);
    expect(y).toBe(3 * PAGE);
    expect(a.memory.buffer.byteLength).toBe(5 * PAGE);
    a.release('m', x);
    expect(a.allocate('h', PAGE)).toBe(x);
    a.releaseAll('m');
    expect(a.freePages()).toBe(2);
    expect(a.allocate('h', 2 * PAGE)).toBe(3 * PAGE);
    expect(a.memory.buffer.byteLength).toBe(5 * PAGE);
  });

  it('extends a free run at the top instead of growing by the whole request', () => {
    const a = arena(4, 2); // pages 2 and 3 free
    expect(a.allocate('m', 3 * PAGE)).toBe(2 * PAGE);
    expect(a.memory.buffer.byteLength).toBe(5 * PAGE);
  });

  it('counts an owner against its cap, its static bytes included', () => {
    const a = arena(1, 1);
    a.setOwner('m', 3 * PAGE, PAGE);
    a.allocate('m', 2 * PAGE);
    expect(a.used('m')).toBe(3 * PAGE);
    let error: unknown;
    try {
      a.allocate('m', 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MemoryCapError);
    expect(error).toMatchObject({ module: 'm', limit: 3 * PAGE, used: 3 * PAGE, requested: PAGE });
    a.releaseAll('m');
    expect(a.used('m')).toBe(PAGE);
  });

  it('refreshes the views when it grows the memory', () => {
    const a = arena(1, 1);
    const before = a.view.u8;
    a.allocate('m', PAGE);
    expect(a.view.u8).not.toBe(before);
    expect(a.view.u8.length).toBe(2 * PAGE);
  });
});

describe('copyBytes', () => {
  /** What copying `len` bytes from `from` to `to` must give, computed the slow way. */
  const expected = (src: Uint8Array, from: number, len: number, dst: Uint8Array, to: number): number[] => {
    const out = Array.from(dst);
    const taken = Array.from(src.subarray(from, from + len));
    taken.forEach((b, i) => (out[to + i] = b));
    return out;
  };
  const pattern = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff);

  it.each([10, 64, 65, 300])('copies %i bytes between two memories, and inside one view both ways (overlapping)', (len) => {
    const src = pattern(1000);
    const dst = new Uint8Array(1000);
    const between = expected(src, 5, len, dst, 400);
    copyBytes(src, 5, len, dst, 400);
    expect(Array.from(dst)).toEqual(between);

    for (const [from, to] of [[100, 150], [150, 100]] as const) {
      const same = pattern(1000);
      const want = expected(same, from, len, same, to);
      copyBytes(same, from, len, same, to);
      expect(Array.from(same)).toEqual(want);
    }
  });

  it.each([10, 64, 65, 300])('copies %i bytes between two different views of one buffer (a message cut from a guest memory), overlapping', (len) => {
    for (const to of [210, 190]) {
      const whole = new Uint8Array(new ArrayBuffer(1000));
      whole.set(pattern(1000));
      const message = whole.subarray(200, 700); // another view of the same bytes
      const want = expected(whole, 200, len, whole, to);
      copyBytes(message, 0, len, whole, to);
      expect(Array.from(whole)).toEqual(want);
    }
  });
});

describe('MemoryView', () => {
  it('re-makes its views after the memory grew, and only then', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const view = new MemoryView(memory);
    const { u8, u32 } = view;
    view.sync();
    expect(view.u8).toBe(u8); // nothing grew: the same views
    memory.grow(1);
    view.sync();
    expect(view.u8).not.toBe(u8);
    expect(view.u8.length).toBe(2 * 65536);
    expect(view.u32.length).toBe(2 * 16384);
    expect(view.buffer).toBe(memory.buffer);
    expect(u32.length).toBe(0); // the old views were detached
  });

  it('follows a shared memory, whose growth detaches nothing', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    const view = new MemoryView(memory);
    memory.grow(2);
    view.sync();
    expect(view.u8.length).toBe(3 * 65536);
  });

  it('follows a memory of 0 bytes that grows', () => {
    const memory = new WebAssembly.Memory({ initial: 0, maximum: 2 });
    const view = new MemoryView(memory);
    view.sync();
    expect(view.u8.length).toBe(0);
    memory.grow(1);
    view.sync();
    expect(view.u8.length).toBe(65536);
  });
});

describe('browser-safe', () => {
  it('only src/worker uses Node-only APIs', () => {
    const root = join(__dirname, '../src');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (name !== 'worker') walk(path);
        } else if (name.endsWith('.ts')) files.push(path);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect({ file, node: /from '(node:)?(fs|path|os|worker_threads|child_process|crypto)'|require\(|\bprocess\.|\bBuffer\./.test(text) }).toEqual({ file, node: false });
    }
    // And the library's door does not pull the worker in.
    expect(readFileSync(join(root, 'index.ts'), 'utf8')).not.toMatch(/from '\.\/worker/);
  });
});
