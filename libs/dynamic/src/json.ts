/**
 * The canonical JSON value (libs/conformance/vectors/README.md): structs as
 * objects with every field in schema order, 64-bit integers past 2^53 as
 * decimal strings, floats as the shortest decimal that reads back the same.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const SAFE = 2n ** 53n;

/** A 64-bit integer as the vectors write it: a number up to 2^53, else a string. */
export function int64Json(value: bigint): JsonValue {
  return value > SAFE || value < -SAFE ? value.toString() : Number(value);
}

/** Non-finite floats have no JSON number: they are written as the strings "NaN", "Infinity", "-Infinity". */
export function float64Json(value: number): JsonValue {
  if (!Number.isFinite(value)) return String(value);
  return value === 0 ? 0 : value; // no -0
}

/** The shortest decimal that reads back as the same float32. */
export function float32Json(value: number): JsonValue {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return 0;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

/** Reads a float from JSON: a number, or one of the strings float64Json writes. */
export function floatFromJson(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return undefined;
}
