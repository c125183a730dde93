/** The worked examples of docs/format.md, byte for byte. */
import { decodeJson, encodeJson } from '@karmem-ts/dynamic';
import { loadSchema } from '@karmem-ts/layout';

const hex = (s: string) => s.replace(/\s+/g, '');

it('writes the non-packed example: 12-byte headers and padded inline elements', () => {
  const layout = loadSchema('karmem np;\nstruct P inline { X uint16; }\nstruct T table { A uint8; S []uint16; Ps []P; }').layout!;
  const value = { A: 7, S: [1, 2], Ps: [{ X: 0xaaaa }, { X: 0xbbbb }] };
  const bytes = encodeJson(layout, 'T', value);
  expect(Buffer.from(bytes).toString('hex')).toBe(
    hex('1d000000 07 1d000000 04000000 02000000 21000000 10000000 08000000 0100 0200 aaaa 000000000000 bbbb 000000000000'),
  );
  expect(decodeJson(layout, 'T', bytes)).toEqual(value);
});

it('writes the packed account example: 140 bytes, tables in pre-order', () => {
  const layout = loadSchema(`karmem app @packed(true);
enum SocialNetwork uint8 { Unknown; Facebook; Instagram; Twitter; TikTok; }
struct ProfileData table { Network SocialNetwork; Username []char; ID uint64; }
struct Profile inline { Data ProfileData; }
struct AccountData table { ID uint64; Email []char; Profiles []Profile; }`).layout!;
  const profile = (Network: number, Username: string, ID: number) => ({ Data: { Network, Username, ID } });
  const value = { ID: 42, Email: 'example@email.com', Profiles: [profile(1, 'inkeliz', 123), profile(2, 'karmem', 0), profile(2, 'inkeliz', 0)] };
  const bytes = encodeJson(layout, 'AccountData', value);
  expect(bytes.length).toBe(140);
  const head = Buffer.from(bytes.subarray(0, 0x4e)).toString('hex');
  expect(head).toBe(
    hex(`1c000000 2a00000000000000 1c000000 11000000 2d000000 0c000000
      ${Buffer.from('example@email.com').toString('hex')}
      39000000 55000000 70000000
      15000000 01 4e000000 07000000 7b00000000000000`),
  );
  expect(Buffer.from(bytes.subarray(0x4e, 0x55)).toString()).toBe('inkeliz');
  expect(decodeJson(layout, 'AccountData', bytes)).toEqual(value);
});
