/**
 * docs/c.md, "Interfaces and modules": the section's schema and C sources,
 * built with the section's commands (both memory modes) and the page's
 * Binaryen step, then linked and called as the section says.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateC } from '@karmem-ts/codegen-c';
import { generateGlueC } from '@karmem-ts/codegen-glue';
import { GuestError, ImportFailedError, link } from '@karmem-ts/linker';
import { loadSchema } from '@karmem-ts/layout';
import { C_FLAGS } from './c-build';
import { ROOT } from './generate';
import { Diary, interfacesSection, notesSchema as schema } from './docs-section';
import { Notes, type NotesObjectClient } from './golden/relay.glue';

const { blocks, block } = interfacesSection('docs/c.md');

describe('docs/c.md, Interfaces and modules', () => {
  let dir: string;
  const commands = blocks.filter((b) => b.startsWith('clang ')).flatMap((b) => b.trim().split('\n'));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'karmem-c-glue-docs-'));
    const loaded = loadSchema(block('karmem notes'), 'notes.km');
    expect(loaded.diagnostics).toEqual([]);
    mkdirSync(join(dir, 'include'));
    for (const f of [...generateC(loaded.layout!, { source: 'notes.km' }), ...generateGlueC(loaded.layout!, { source: 'notes.km' })]) {
      writeFileSync(join(dir, 'include', f.path), f.content);
    }
    writeFileSync(join(dir, 'notebook.c'), block('// notebook.c'));
    writeFileSync(join(dir, 'diary.c'), block('// diary.c'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    // clang runs any wasm-opt on PATH by itself: the page's Binaryen step is its own (see c-build.ts).
    const PATH = (process.env['PATH'] ?? '').split(':').filter((d) => !/node_modules[\\/]\.bin\/?$/.test(d)).join(':');
    for (const command of commands) execFileSync('bash', ['-ec', command], { cwd: dir, env: { ...process.env, PATH }, stdio: 'pipe' });
    for (const wasm of ['notebook', 'diary', 'notebook.shared', 'diary.shared']) {
      execFileSync('bash', ['-ec', `node_modules/.bin/wasm-opt -O3 ${wasm}.wasm -o ${wasm}.wasm`], { cwd: dir, stdio: 'pipe' });
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows four builds with the flags of the tested guests', () => {
    expect(commands).toHaveLength(4);
    const common = C_FLAGS.filter((f) => !['-pedantic', '-Wconversion', '-Wsign-conversion', '-Wshadow'].includes(f)).join(' ');
    for (const command of commands) expect(command.startsWith(`clang ${common} `)).toBe(true);
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
