/**
 * Every golden schema's module is `#![no_std]`-compatible and warning-free:
 * compiled as a library of a `#![no_std]` crate with `-D warnings`, without
 * the "alloc" feature (viewers only) and with it (`extern crate alloc;`),
 * natively and for wasm32-unknown-unknown.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALLOC, BUILD_DIR, rustc, writeModule } from './harness';
import { goldenSchemas } from './golden';

const targets = [
  { name: 'native', flags: [] as string[] },
  { name: 'wasm32', flags: ['--target', 'wasm32-unknown-unknown'] },
];

describe.each(goldenSchemas().map((s) => [s.source, s] as const))('#![no_std]: %s', (_source, { source, layout }) => {
  const dir = join(BUILD_DIR, 'no-std', layout.name);
  let module: string;

  beforeAll(() => {
    module = writeModule(dir, layout, source);
    writeFileSync(join(dir, 'viewers.rs'), `#![no_std]\npub mod ${module};\n`);
    writeFileSync(join(dir, 'owned.rs'), `#![no_std]\nextern crate alloc;\npub mod ${module};\n`);
  });

  it.each(targets.map((t) => [t.name, t] as const))('%s: viewers only, and with feature "alloc"', (name, { flags }) => {
    const common = ['--edition', '2021', '--crate-type', 'rlib', '-D', 'warnings', ...flags];
    const viewers = rustc([...common, 'viewers.rs', '-o', `viewers-${name}.rlib`], dir);
    expect(viewers.stderr).toBe('');
    expect(viewers.status).toBe(0);
    const owned = rustc([...common, ...ALLOC, 'owned.rs', '-o', `owned-${name}.rlib`], dir);
    expect(owned.stderr).toBe('');
    expect(owned.status).toBe(0);
  });
});
