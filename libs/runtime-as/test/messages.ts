// The two examples of FORMAT.md, built by hand, and an independent JS model
// of the reading rules for AccountData (the oracle for the fuzz test).
import { Bytes, hex } from './harness';

/**
 * AccountData{ID: 42, Email: "example@email.com", Profiles: [{1, "inkeliz", 123},
 * {3, "karmem", 456}, {2, "inkeliz", 789}]}, packed: 140 bytes. The second and
 * third profiles' elided values in FORMAT.md are 3/456 and 789 here.
 */
export function accountBytes(): Uint8Array {
  return new Bytes()
    .u32(28) // 00: AccountData, size 28
    .u64(42n) // 04: ID
    .u32(28).u32(17) // 0c: Email -> 28, 17 bytes
    .u32(45).u32(12) // 14: Profiles -> 45, 12 bytes (3 x 4)
    .utf8('example@email.com') // 1c
    .u32(57).u32(85).u32(112) // 2d: the three Profile.Data offsets
    .u32(21).u8(1).u32(78).u32(7).u64(123n) // 39: ProfileData size 21, Network 1, Username -> 78 (7), ID 123
    .utf8('inkeliz') // 4e
    .u32(21).u8(3).u32(106).u32(6).u64(456n) // 55
    .utf8('karmem') // 6a
    .u32(21).u8(2).u32(133).u32(7).u64(789n) // 70
    .utf8('inkeliz') // 85
    .build();
}

/** The first 0x55 bytes exactly as FORMAT.md prints them. */
export const ACCOUNT_PREFIX_FROM_FORMAT_MD = hex(`
  1c000000
  2a00000000000000
  1c000000 11000000
  2d000000 0c000000
  ${Buffer.from('example@email.com').toString('hex')}
  39000000 55000000 70000000
  15000000 01 4e000000 07000000 7b00000000000000
  ${Buffer.from('inkeliz').toString('hex')}
`);

export const ACCOUNT_TEXT = '42|example@email.com|1:inkeliz:123,3:karmem:456,2:inkeliz:789';

/** FORMAT.md's non-packed example: T{A: 7, S: [1, 2], Ps: [0xaaaa, 0xbbbb]}, 49 bytes. */
export const T_BYTES = hex(`
  1d000000 07 | 1d000000 04000000 02000000 | 21000000 10000000
  08000000 | 0100 0200 | aaaa 000000000000 bbbb 000000000000
`);

/**
 * AccountData read with FORMAT.md's rules, in plain JS, to the same text as
 * the guest's `readAccount`: "ID|Email|Network:Username:ID,...".
 */
export function readAccountModel(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;
  const has = (offset: number, size: number) => offset + size <= len; // JS numbers: no wrap-around
  const tableSize = (offset: number) => {
    if (!has(offset, 4)) return 0;
    const size = view.getUint32(offset, true);
    return has(offset, size) ? size : 0;
  };
  const text = (header: number) => {
    const offset = view.getUint32(header, true);
    const size = view.getUint32(header + 4, true);
    return has(offset, size) ? new TextDecoder().decode(bytes.subarray(offset, offset + size)) : '';
  };
  const size = tableSize(0);
  const id = 4 + 8 <= size ? view.getBigUint64(4, true) : 0n;
  const email = 12 + 8 <= size ? text(12) : '';
  const profiles: string[] = [];
  if (20 + 8 <= size) {
    const offset = view.getUint32(20, true);
    const byteSize = view.getUint32(24, true);
    if (has(offset, byteSize)) {
      for (let i = 0; i < Math.floor(byteSize / 4); i++) {
        const t = view.getUint32(offset + i * 4, true);
        const ts = tableSize(t);
        const network = 4 + 1 <= ts ? view.getUint8(t + 4) : 0;
        const username = 5 + 8 <= ts ? text(t + 5) : '';
        const pid = 13 + 8 <= ts ? view.getBigUint64(t + 13, true) : 0n;
        profiles.push(`${network}:${username}:${pid}`);
      }
    }
  }
  return `${id}|${email}|${profiles.join(',')}`;
}
