/**
 * docs/rust.md, "Interfaces and modules": the section's schema and Rust
 * sources, built with the section's commands (both memory modes, the
 * section's linker script) and the page's Binaryen step, then linked and
 * called as the section says.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRust } from '@karmem-ts/codegen-rust';
import { RUST_SHARED_LINKER, generateGlueRust } from '@karmem-ts/codegen-glue';
import { GuestError, ImportFailedError, link } from '@karmem-ts/linker';
import { loadSchema } from '@karmem-ts/layout';
import { ROOT } from './generate';
import { Diary, interfacesSection, notesSchema as schema } from './docs-section';
import { Notes, type NotesObjectClient } from './golden/relay.glue';
import { RUST_FLAGS } from './rust-build';

const { blocks, block } = interfacesSection('docs/rust.md');

describe('docs/rust.md, Interfaces and modules', () => {
  let dir: string;
  const commands = blocks.filter((b) => b.startsWith('rustc ')).flatMap((b) => b.trim().split('\n'));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'karmem-rust-glue-docs-'));
    const loaded = loadSchema(block('karmem notes'), 'notes.km');
    expect(loaded.diagnostics).toEqual([]);
    for (const f of [...generateRust(loaded.layout!, { source: 'notes.km' }), ...generateGlueRust(loaded.layout!, { source: 'notes.km' })]) {
      writeFileSync(join(dir, f.path), f.content);
    }
    writeFileSync(join(dir, 'notebook.rs'), block('// notebook.rs'));
    writeFileSync(join(dir, 'diary.rs'), block('// diary.rs'));
    writeFileSync(join(dir, 'karmem-wasm-ld'), block('#!/bin/sh'));
    chmodSync(join(dir, 'karmem-wasm-ld'), 0o755);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    // Debian's rustc first on PATH, never a rustup toolchain (docs/rust.md).
    const PATH = ['/usr/bin', '/bin', ...(process.env['PATH'] ?? '').split(':')].join(':');
    // Warning-free: rustc prints nothing.
    for (const command of commands) expect(execFileSync('bash', ['-ec', `${command} 2>&1`], { cwd: dir, env: { ...process.env, PATH }, encoding: 'utf8' })).toBe('');
    for (const wasm of ['notebook', 'diary', 'notebook.shared', 'diary.shared']) {
      execFileSync('bash', ['-ec', `node_modules/.bin/wasm-opt -O3 ${wasm}.wasm -o ${wasm}.wasm`], { cwd: dir, stdio: 'pipe' });
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows four builds with the flags of the tested guests, and the linker script codegen-glue exports', () => {
    expect(commands).toHaveLength(4);
    const common = RUST_FLAGS.filter((f) => f !== '-D' && f !== 'warnings').map((f) => (f.includes('"') ? `'${f}'` : f)).join(' ');
    for (const command of commands) expect(command.startsWith(`rustc ${common} `)).toBe(true);
    expect(block('#!/bin/sh')).toBe(RUST_SHARED_LINKER);
  });

  it.each([
    ['copy', ''],
    ['shared', '.shared'],
  ] as const)('links and runs in %s mode', async (memory, suffix) => {
    const wasm = (name: string) => new Uint8Array(readFileSync(join(dir, `${name}${suffix}.wasm`)));
    const linked = await link({ schema, memory, modules: { notebook: wasm('notebook'), diary: wasm('diary') } });
    try {
      expect(linked.client('diary', Diary, 'object').Write({ Value: 'hello' })).toEqual({ Value: 1n });
      expect(linked.client('diary', Diary, 'object').Write({ Value: 'again' })).toEqual({ Value: 2n });
      const notebook: NotesObjectClient = linked.client('notebook', Notes, 'object');
      expect(() => notebook.Note({ Value: '' })).toThrow(expect.objectContaining({ name: 'GuestError', code: 64 }));
      expect(() => notebook.Note({ Value: '' })).toThrow(GuestError);
      // Through the diary's plain import: its call ends, the host gets the notebook's error as cause.
      expect(() => linked.client('diary', Diary, 'object').Write({ Value: '' })).toThrow(ImportFailedError);
      expect(notebook.Count()).toEqual({ Value: 2n });
    } finally {
      linked.close();
    }
  });
});
