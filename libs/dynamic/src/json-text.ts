/**
 * JSON text to a value, keeping what JSON.parse would silently round into an
 * integer: a number literal whose double is an integer it is not exactly
 * (9007199254740993 reads as ...992, 9007199254740993.0 and 1.0000000000000001
 * as well) comes back as an InexactNumber, which the encoder refuses for
 * integer fields (64-bit values past 2^53 come as strings) and reads as a
 * number for float fields.
 */

/** A number literal of the JSON text whose double is an integer that the literal is not exactly. */
export class InexactNumber {
  constructor(
    readonly literal: string,
    /** The literal's own value is an integer (past 2^53: `9007199254740993.0`), not a fraction (`1.0000000000000001`). */
    readonly integral: boolean,
  ) {}
}

/** An integer literal (no fraction, no exponent) that a double cannot hold exactly. */
export class InexactInteger extends InexactNumber {
  constructor(literal: string) {
    super(literal, true);
  }
}

// Strings are matched whole so that digits inside them are skipped; numbers whole, fraction and exponent included.
const TOKENS = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** JSON.parse, except that inexact number literals come back as InexactNumber (InexactInteger). Throws JSON.parse's SyntaxError. */
export function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  // Only long digit runs, fractions and exponents can be inexact: skip the scan for everything else.
  if (!/\d{16}|\d[.eE]/.test(text)) return value;
  const nonce = Math.random().toString(36).slice(2);
  const marker = `\u0000inexact-${nonce}:`;
  const inexact = new Map<string, InexactNumber>();
  const marked = text.replace(TOKENS, (token) => {
    if (token[0] === '"') return token;
    const kind = inexactness(token);
    if (kind === undefined) return token;
    inexact.set(token, kind);
    return JSON.stringify(marker + token);
  });
  if (inexact.size === 0) return value;
  return JSON.parse(marked, (_key, v: unknown) => (typeof v === 'string' && v.startsWith(marker) ? inexact.get(v.slice(marker.length)) : v));
}

/** What a number literal is when its double is an integer it is not exactly; undefined when nothing is lost that way. */
function inexactness(literal: string): InexactNumber | undefined {
  const double = Number(literal);
  if (!Number.isInteger(double)) return undefined; // a fraction, or not finite: the encoder sees it as it is
  const parts = NUMBER.exec(literal);
  if (parts === null) return undefined;
  const [, sign, whole, fraction = '', exponent = '0'] = parts;
  const digits = BigInt(whole! + fraction);
  const scale = Number(exponent) - fraction.length;
  let exact: bigint | undefined;
  if (scale >= 0) exact = digits * 10n ** BigInt(scale);
  else if (-scale <= whole!.length + fraction.length) {
    const divisor = 10n ** BigInt(-scale);
    if (digits % divisor === 0n) exact = digits / divisor;
  } else if (digits === 0n) exact = 0n;
  const value = exact === undefined ? undefined : sign === '-' ? -exact : exact;
  if (value !== undefined && value === BigInt(double)) return undefined;
  return fraction === '' && exponent === '0' ? new InexactInteger(literal) : new InexactNumber(literal, value !== undefined);
}
