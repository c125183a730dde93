/**
 * Mutated vectors (flipped bytes, truncations, hostile offsets and sizes,
 * random tails, pure noise), deterministic from a fixed seed, through the C
 * guests: natively under ASan + UBSan (no finding) and in wasm32 (no trap).
 * Whatever the bytes, what the viewer reads, what the decoder produces and
 * what the re-encoded message reads are the same (equal digests), and the
 * native and wasm32 builds agree.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Guest, suites, type HarnessLine } from './harness';

const MUTANTS_PER_VECTOR = 12;

/** mulberry32: small, seeded, good enough to pick mutations. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(bytes: Uint8Array, next: () => number): Uint8Array {
  const int = (n: number) => Math.floor(next() * n);
  const out = new Uint8Array(bytes);
  switch (int(5)) {
    case 0: // a few bytes changed
      for (let i = 0, n = 1 + int(4); i < n && out.length > 0; i++) out[int(out.length)] = int(256);
      return out;
    case 1: // truncated
      return out.subarray(0, int(out.length + 1));
    case 2: {
      // an offset or a size replaced by a value at an edge
      if (out.length < 4) return out;
      const edges = [0, 1, 3, 4, 7, 8, out.length - 1, out.length, out.length + 1, 0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff, int(2 ** 32)];
      new DataView(out.buffer).setUint32(int(out.length - 3), edges[int(edges.length)]!, true);
      return out;
    }
    case 3: {
      // a random tail
      const tail = Uint8Array.from({ length: 1 + int(64) }, () => int(256));
      const joined = new Uint8Array(out.length + tail.length);
      joined.set(out);
      joined.set(tail, out.length);
      return joined;
    }
    default:
      return Uint8Array.from({ length: int(96) }, () => int(256));
  }
}

describe.each(suites().map((s) => [s.suite.name, s] as const))('mutated vectors: %s', (name, { dir, cases }) => {
  const next = random(0x6b61726d ^ name.length);
  const mutants = cases.flatMap((c) =>
    Array.from({ length: MUTANTS_PER_VECTOR }, (_, k) => ({ id: `${c.name}#${k}`, type: c.type, bytes: mutate(c.bytes, next) })),
  );
  let work: string;
  let lines: HarnessLine[];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), `karmem-c-fuzz-${name}-`));
    const args = mutants.flatMap((m, i) => {
      const file = join(work, `${i}.bin`);
      writeFileSync(file, m.bytes);
      return [m.type, file];
    });
    const result = spawnSync(join(dir, 'harness'), args, { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as HarnessLine);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it(`native (ASan + UBSan): ${MUTANTS_PER_VECTOR} mutants per vector, no finding, every read agrees`, () => {
    expect(lines).toHaveLength(mutants.length);
    for (const [i, line] of lines.entries()) {
      const id = mutants[i]!.id;
      expect({ id, decode: line.decode }).toEqual({ id, decode: 0 });
      expect({ id, decoded: line.decoded, output: line.output }).toEqual({ id, decoded: line.digest, output: line.digest });
      expect({ id, exact: line.exact, smaller: line.smaller }).toEqual({ id, exact: true, smaller: true });
    }
  });

  it('wasm32: no trap, and the same digests and lengths as the native build', () => {
    const guest = new Guest(join(dir, 'guest.wasm'));
    for (const [i, m] of mutants.entries()) {
      guest.write(m.bytes);
      const line = lines[i]!;
      const got = {
        id: m.id,
        digest: guest.digest(m.type, guest.input, m.bytes.length).toString(),
        decoded: guest.digestDecoded(m.type, m.bytes.length).toString(),
        length: guest.roundtrip(m.type, m.bytes.length),
      };
      expect(got).toEqual({ id: m.id, digest: line.digest, decoded: line.decoded, length: line.length });
    }
  });
});
