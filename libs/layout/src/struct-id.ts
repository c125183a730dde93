import { blake2b } from '@noble/hashes/blake2b';

const utf8 = new TextEncoder();

/**
 * Karmem's struct id: the first 8 bytes, little-endian, of BLAKE2b with an
 * 8-byte digest of the struct's name; keyed by BLAKE2b-256 of `@key` when set.
 */
export function structId(name: string, key?: string): bigint {
  const options = key === undefined ? { dkLen: 8 } : { dkLen: 8, key: blake2b(utf8.encode(key), { dkLen: 32 }) };
  const digest = blake2b(utf8.encode(name), options);
  return new DataView(digest.buffer, digest.byteOffset, 8).getBigUint64(0, true);
}
