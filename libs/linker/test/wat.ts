// WebAssembly text to bytes, with Binaryen's text parser, metered by the
// fuel pass (tools/asbuild/fuel.mjs, what `asbuild --fuel` runs) where asked.
// Binaryen's npm package is ESM-only (top-level await), which Jest's
// CommonJS cannot load: the texts go to one child Node process, in one batch,
// and come back as base64. Compiled modules are cached under
// <workspace>/tmp/linker-test.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WORKSPACE } from './harness';

/** The pass `asbuild --fuel` runs. */
export const FUEL_PASS = join(WORKSPACE, 'tools/asbuild/fuel.mjs');

const SCRIPT = `
import binaryen from 'binaryen';
const { addFuel } = await import(process.argv[1]);
const texts = JSON.parse(await new Promise((done) => { let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => done(s)); }));
const out = {};
for (const [name, { text, fuel }] of Object.entries(texts)) {
  const module = binaryen.parseText(text);
  try {
    if (fuel) addFuel(binaryen, module);
    if (!module.validate()) throw new Error('WAT guest ' + name + ' does not validate');
    out[name] = Buffer.from(module.emitBinary()).toString('base64');
  } finally {
    module.dispose();
  }
}
process.stdout.write(JSON.stringify(out));
`;

/** The bytes of each WAT text, by name. */
export function wat<K extends string>(texts: Record<K, string>): Record<K, Uint8Array<ArrayBuffer>> {
  const entries = Object.entries(texts).map(([name, text]) => [name, { text: text as string, fuel: false }]);
  return meteredWat(Object.fromEntries(entries) as Record<K, { text: string; fuel: boolean }>);
}

/** The bytes of each WAT text, metered (`fuel: true`) or not, by name. */
export function meteredWat<K extends string>(texts: Record<K, { text: string; fuel: boolean }>): Record<K, Uint8Array<ArrayBuffer>> {
  const input = JSON.stringify(texts);
  const dir = join(WORKSPACE, 'tmp/linker-test');
  const hash = createHash('sha256').update(input).update(readFileSync(FUEL_PASS)).digest('hex').slice(0, 16);
  const cache = join(dir, `wat-${hash}.json`);
  let encoded: Record<string, string>;
  if (existsSync(cache)) {
    encoded = JSON.parse(readFileSync(cache, 'utf8'));
  } else {
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT, pathToFileURL(FUEL_PASS).href], { input, cwd: WORKSPACE, maxBuffer: 64 << 20 });
    encoded = JSON.parse(stdout.toString('utf8'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(cache, JSON.stringify(encoded));
  }
  const out = {} as Record<K, Uint8Array<ArrayBuffer>>;
  for (const name of Object.keys(texts) as K[]) out[name] = new Uint8Array(Buffer.from(encoded[name]!, 'base64'));
  return out;
}
