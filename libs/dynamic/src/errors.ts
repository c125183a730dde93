import type { SchemaLayout, StructLayout } from '@karmem-ts/layout';

/** A JSON value that does not fit the schema type, with the path to it: `MonsterData.Path[3].X`. */
export class ValueError extends Error {
  override readonly name: string = 'ValueError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/**
 * The root type asked for is not a struct of the schema: a mistake of the
 * caller (the CLI's usage error), not of the value or the bytes.
 */
export class UnknownTypeError extends ValueError {
  override readonly name: string = 'UnknownTypeError';
  constructor(
    readonly type: string,
    readonly schema: string,
    /** The closest struct name, when one is near enough to be a typo. */
    readonly suggestion: string | undefined,
  ) {
    super(type, `no struct named ${type} in schema ${schema}${suggestion ? `; did you mean ${suggestion}?` : ''}`);
  }
}

/** The root struct named `type`, or an UnknownTypeError with a "did you mean". */
export function rootStruct(layout: SchemaLayout, type: string): StructLayout {
  const struct = layout.structsByName.get(type);
  if (!struct) throw new UnknownTypeError(type, layout.name, closest(type, [...layout.structsByName.keys()]));
  return struct;
}

/** The candidate within edit distance 2 (case-insensitive), if any. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
