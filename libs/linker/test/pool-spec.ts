// The worker pool's test schema (test/guests/pool.ts), as generated glue
// would describe it, with the hand-written codecs of ./spec.ts:
//
//   interface Scoring { Score(Blob) Count; Counter() Count; Spin(); Trap(); Fail(); Lie() Count; Forge(); Echo(Blob) Blob; }
//   module scorer implements Scoring;
import type { FunctionSpec, InterfaceSpec, SchemaSpec } from '@karmem-ts/linker';
import { Blob, Count } from './spec';

const fn = (name: string, param?: FunctionSpec['param'], result?: FunctionSpec['result']): FunctionSpec => ({ name, ...(param ? { param } : {}), ...(result ? { result } : {}) });

export const Scoring: InterfaceSpec = {
  name: 'Scoring',
  functions: [fn('Score', Blob, Count), fn('Counter', undefined, Count), fn('Spin'), fn('Trap'), fn('Fail'), fn('Lie', undefined, Count), fn('Forge'), fn('Echo', Blob, Blob)],
};

export const poolSchema: SchemaSpec = {
  name: 'pooltest',
  interfaces: { Scoring },
  modules: { scorer: { name: 'scorer', implements: ['Scoring'], imports: [] } },
};

/** What Scoring.Score answers for `bytes`: sum of byte * (index + 1), as a u32. */
export function expectedScore(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (sum + bytes[i]! * (i + 1)) >>> 0;
  return sum;
}

/** A record-like message of `size` bytes, different per `seed`. */
export function record(seed: number, size = 200): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (seed * 31 + i * 7) & 0xff;
  return out;
}
