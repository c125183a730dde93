// The Record workload's one value, in the shape each library encodes from,
// and the checksum every implementation must reproduce after reading every
// field (so a case that skips a field, or reads one wrong, fails its check).
import type { Record as KarmemRecord } from './generated/record';

/** Plain data with the .proto / .fbs field names (camelCase): what protobufjs, msgpack, JSON and the FlatBuffers builder take. */
export interface PlainRecord {
  id: number;
  kind: number;
  active: boolean;
  level: number;
  delta: number;
  score: number;
  ratio: number;
  weight: number;
  time: number;
  count: number;
  name: string;
  samples: number[];
}

export const NAME = 'player-one-name-18';
export const SAMPLE_COUNT = 100;

/** 100 float32 values (exact in float32, not integers, so no peer can shrink them to ints). */
export const SAMPLES: number[] = Array.from({ length: SAMPLE_COUNT }, (_, k) => Math.fround(Math.sin(k + 1) * 100 + 0.125));

export function plainRecord(): PlainRecord {
  return {
    id: 123456,
    kind: 7,
    active: true,
    level: 300,
    delta: -1234,
    score: -2_000_000,
    ratio: Math.fround(1.25),
    weight: Math.PI,
    time: 1_732_420_000.125,
    count: 4_000_000_000,
    name: NAME,
    samples: SAMPLES.slice(),
  };
}

export function karmemRecord(p: PlainRecord = plainRecord()): KarmemRecord {
  return {
    Id: p.id,
    Kind: p.kind,
    Active: p.active,
    Level: p.level,
    Delta: p.delta,
    Score: p.score,
    Ratio: p.ratio,
    Weight: p.weight,
    Time: p.time,
    Count: p.count,
    Name: p.name,
    Samples: p.samples.slice(),
  };
}

/**
 * The checksum of a record: every scalar (true = 1), the sum of the name's
 * character codes (ASCII here, so the sum of its UTF-8 bytes too), then
 * every sample, added in this order in float64. Guests compute the same sum.
 */
export function checksum(r: PlainRecord): number {
  let sum = r.id + r.kind + (r.active ? 1 : 0) + r.level + r.delta + r.score + r.ratio + r.weight + r.time + r.count;
  for (let i = 0; i < r.name.length; i++) sum += r.name.charCodeAt(i);
  for (let i = 0; i < r.samples.length; i++) sum += r.samples[i]!;
  return sum;
}

/** The answer of a round trip: the guest adds 1 to `score` and doubles every sample. */
export function answerOf(r: PlainRecord): PlainRecord {
  return { ...r, score: r.score + 1, samples: r.samples.map((s) => s * 2) };
}

/** Same sum, in the same order, for a record in karmem's field names. */
export function karmemChecksum(r: KarmemRecord): number {
  return checksum({
    id: r.Id, kind: r.Kind, active: r.Active, level: r.Level, delta: r.Delta, score: r.Score, ratio: r.Ratio,
    weight: r.Weight, time: r.Time, count: r.Count, name: r.Name, samples: r.Samples,
  });
}

/**
 * Two checksums agree when they differ by at most 1e-3: enough for float
 * sums of the same values added in another order, far too little to hide a
 * missing or wrong field (the smallest field value is 1, a sample about 1e-2).
 */
export function sameChecksum(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-3;
}
