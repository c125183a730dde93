/**
 * JSON text to a value, keeping what JSON.parse would silently round: an
 * integer literal that no double holds exactly (9007199254740993 reads as
 * ...992) becomes an InexactInteger, which the encoder refuses for integer
 * fields (64-bit values past 2^53 come as strings) and reads as a number
 * for float fields.
 */

/** An integer literal of the JSON text that a double cannot hold exactly. */
export class InexactInteger {
  constructor(readonly literal: string) {}
}

// Strings are matched whole so that digits inside them are skipped.
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\d{16,}(?![.eE\d])/g;

/** JSON.parse, except that inexact integer literals come back as InexactInteger. Throws JSON.parse's SyntaxError. */
export function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  // Only long digit runs can be inexact: skip the scan for everything else.
  if (!/\d{16}/.test(text)) return value;
  const nonce = Math.random().toString(36).slice(2);
  const marker = `\u0000inexact-${nonce}:`;
  let found = false;
  const marked = text.replace(TOKENS, (token) => {
    if (token[0] === '"' || BigInt(token) === BigInt(Number(token))) return token;
    found = true;
    return JSON.stringify(marker + token);
  });
  if (!found) return value;
  return JSON.parse(marked, (_key, v: unknown) => (typeof v === 'string' && v.startsWith(marker) ? new InexactInteger(v.slice(marker.length)) : v));
}
