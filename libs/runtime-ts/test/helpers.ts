// Test helpers shared by the specs (not part of the library).

/** Bytes from hex text; whitespace and `|` are ignored, for readable goldens. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/[\s|]/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// lib ES2022 has no WebAssembly typings (they live in lib.dom); declare the part used here.
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
};

export function wasmMemory(initial: number, options: { maximum?: number; shared?: boolean } = {}): WasmMemory {
  return new WebAssembly.Memory({ initial, ...options });
}

export const PAGE = 65536;
