/**
 * docs/rust.md's example, taken from the page: its schema and program, built
 * with the page's command and run (it must print what the page says), and
 * its Cargo setup built offline with and without the "alloc" feature.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchema } from '@karmem-ts/layout';
import { generateRust } from '../src';
import { BUILD_DIR, ROOT, run } from './harness';

const page = readFileSync(join(ROOT, 'docs/rust.md'), 'utf8');
const blocks = [...page.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => m[2]!);

function block(startsWith: string): string {
  const found = blocks.find((b) => b.startsWith(startsWith));
  if (!found) throw new Error(`docs/rust.md has no code block starting with ${startsWith}`);
  return found;
}

describe('docs/rust.md', () => {
  const dir = join(BUILD_DIR, 'docs');
  let module: string;

  beforeAll(() => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const loaded = loadSchema(block('karmem shop'), 'shop.km');
    expect(loaded.diagnostics).toEqual([]);
    const [output] = generateRust(loaded.layout!, { source: 'shop.km' });
    expect(output!.path).toBe('shop.rs');
    module = output!.content;
    writeFileSync(join(dir, 'shop.rs'), module);
    writeFileSync(join(dir, 'main.rs'), block('// main.rs'));
  });

  it('builds and runs the example with the command of the page, which prints what the page says', () => {
    const command = block('rustc --edition 2021 --cfg').trim();
    const result = run('bash', ['-e', '-c', command], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(block('Ada owes'));
  });

  it('builds as the page says with Cargo, offline, with and without the "alloc" feature', () => {
    const crate = join(dir, 'crate');
    mkdirSync(join(crate, 'src'), { recursive: true });
    writeFileSync(join(crate, 'Cargo.toml'), `[package]\nname = "shop"\nversion = "0.1.0"\nedition = "2021"\n\n${block('[features]')}`);
    writeFileSync(join(crate, 'src/lib.rs'), block('// src/lib.rs'));
    writeFileSync(join(crate, 'src/shop.rs'), module);
    const env = ['env', `CARGO_HOME=${join(dir, 'cargo-home')}`, `CARGO_TARGET_DIR=${join(dir, 'target')}`, '/usr/bin/cargo'];
    for (const args of [['build', '--offline'], ['build', '--offline', '--no-default-features']]) {
      const result = run(env[0]!, [...env.slice(1), ...args], crate);
      expect(`${args.join(' ')}: ${result.status}`).toBe(`${args.join(' ')}: 0`);
      expect(result.stderr).not.toMatch(/warning|error/);
    }
  });
});
