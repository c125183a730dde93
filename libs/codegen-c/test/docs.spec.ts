/**
 * docs/c.md's guest, taken from the page: its schema and C source, built
 * with the page's command (which must use the same flags as the conformance
 * guests), optimized with Binaryen, and run on a host-written order.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateC } from '@karmem-ts/codegen-c';
import { loadSchema } from '@karmem-ts/layout';
import { WASM_FLAGS, defaultTools, run } from './guests';
import { ROOT, hex } from './harness';

const page = readFileSync(join(ROOT, 'docs/c.md'), 'utf8');
const blocks = [...page.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2]! }));

function block(startsWith: string): string {
  const found = blocks.find((b) => b.text.startsWith(startsWith));
  if (!found) throw new Error(`docs/c.md has no code block starting with ${startsWith}`);
  return found.text;
}

/** A packed Order { Customer []char; Items []Item } with Item { Price uint32; Count uint16 }, by hand. */
function order(customer: string, items: [number, number][]): Uint8Array {
  const text = Buffer.from(customer, 'utf8');
  const bytes = new Uint8Array(20 + text.length + items.length * 6);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 20, true);
  view.setUint32(4, 20, true);
  view.setUint32(8, text.length, true);
  view.setUint32(12, 20 + text.length, true);
  view.setUint32(16, items.length * 6, true);
  bytes.set(text, 20);
  items.forEach(([price, count], i) => {
    view.setUint32(20 + text.length + i * 6, price, true);
    view.setUint16(20 + text.length + i * 6 + 4, count, true);
  });
  return bytes;
}

describe('docs/c.md', () => {
  let dir: string;
  let exports: { memory: WebAssembly.Memory; input(): number; output(): number; checkout(length: number): number };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'karmem-c-docs-'));
    const loaded = loadSchema(block('karmem shop'), 'shop.km');
    expect(loaded.diagnostics).toEqual([]);
    mkdirSync(join(dir, 'include'));
    for (const output of generateC(loaded.layout!, { source: 'shop.km' })) writeFileSync(join(dir, 'include', output.path), output.content);
    writeFileSync(join(dir, 'shop-guest.c'), block('// shop-guest.c'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the build command with the flags the conformance guests use', () => {
    const commands = block('clang --target=wasm32').trim().split('\n');
    expect(commands[0]).toBe(`clang ${WASM_FLAGS.join(' ')} -I include -o shop.wasm shop-guest.c`);
    expect(commands[1]).toBe('node_modules/.bin/wasm-opt -O3 shop.wasm -o shop.wasm');
  });

  it('builds its guest with that command, then Binaryen', () => {
    const tools = defaultTools(ROOT);
    const [clang, ...args] = block('clang --target=wasm32').trim().split('\n')[0]!.split(' ');
    expect(clang).toBe('clang');
    run(tools.clang, args, dir);
    run(tools.wasmOpt, ['-O3', 'shop.wasm', '-o', 'shop.wasm'], dir);
    const module = new WebAssembly.Module(readFileSync(join(dir, 'shop.wasm')));
    expect(WebAssembly.Module.imports(module)).toEqual([]);
    exports = new WebAssembly.Instance(module, {}).exports as unknown as typeof exports;
  });

  it('answers an order with its receipt, byte for byte', () => {
    const message = order('Ada', [[250, 2], [1000, 1]]);
    new Uint8Array(exports.memory.buffer).set(message, exports.input());
    const length = exports.checkout(message.length);
    const receipt = new Uint8Array(exports.memory.buffer, exports.output(), length);
    // Receipt (packed table, 24 bytes): size, Customer {24, 3}, Total 1500, Lines 2; then "Ada".
    expect(hex(receipt)).toBe('18000000' + '18000000' + '03000000' + 'dc05000000000000' + '02000000' + hex(Buffer.from('Ada')));
  });

  it('answers a truncated order with an empty receipt, without trapping', () => {
    const message = order('Ada', [[250, 2]]).subarray(0, 10);
    new Uint8Array(exports.memory.buffer).set(message, exports.input());
    const length = exports.checkout(message.length);
    const receipt = new Uint8Array(exports.memory.buffer, exports.output(), length);
    expect(hex(receipt)).toBe('18000000' + '18000000' + '00000000' + '0000000000000000' + '00000000');
  });
});
