// Where the JS loops stop beating TextEncoder / TextDecoder (ENCODE_LOOP_MAX,
// DECODE_LOOP_MAX in src/utf8.ts). Run from the workspace root:
//   npx tsc -p libs/runtime-ts/bench/tsconfig.json && node tmp/runtime-ts-bench/bench/utf8-crossover.js
import { decodeUtf8Loop, encodeUtf8Loop } from '../src/utf8';
import { header, nsPerCall } from './timing';

const ALPHABETS = { ascii: 'abcdefghij', latin: 'ñáéíóúüçàè', cjk: '日本語テキスト中文字' };
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const out = new Uint8Array(1 << 16);

header('UTF-8: JS loop vs TextEncoder.encodeInto / TextDecoder.decode (ns per string)');
console.log('alphabet units bytes | encode: loop encodeInto | decode: loop TextDecoder');
for (const [name, alphabet] of Object.entries(ALPHABETS)) {
  for (const units of [4, 8, 12, 16, 24, 32, 48, 64]) {
    // 16 different strings, so the engine cannot cache one result.
    const strings = Array.from({ length: 16 }, (_, k) =>
      Array.from({ length: units }, (_, i) => alphabet[(i * 7 + k) % alphabet.length]).join(''),
    );
    const bytes = new Uint8Array(64 * 1024);
    const spans: Array<[number, number]> = [];
    let at = 0;
    for (const s of strings) {
      const n = encoder.encodeInto(s, bytes.subarray(at)).written;
      spans.push([at, at + n]);
      at += n;
    }
    const encLoop = nsPerCall((i) => encodeUtf8Loop(strings[i & 15], out, 3));
    const encInto = nsPerCall((i) => encoder.encodeInto(strings[i & 15], out.subarray(3)).written);
    const decLoop = nsPerCall((i) => decodeUtf8Loop(bytes, spans[i & 15][0], spans[i & 15][1]).length);
    const decTd = nsPerCall((i) => decoder.decode(bytes.subarray(spans[i & 15][0], spans[i & 15][1])).length);
    const size = spans[0][1] - spans[0][0];
    console.log(
      `${name.padEnd(8)} ${String(units).padStart(5)} ${String(size).padStart(5)} | ` +
        `${encLoop.toFixed(0).padStart(12)} ${encInto.toFixed(0).padStart(10)} | ` +
        `${decLoop.toFixed(0).padStart(12)} ${decTd.toFixed(0).padStart(11)}`,
    );
  }
}
