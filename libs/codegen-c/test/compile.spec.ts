/**
 * Every golden header compiles without a warning: natively with gcc and with
 * clang (C11, -Wall -Wextra -Werror and stricter), and for wasm32,
 * freestanding. All the schemas go into one translation unit, which also
 * shows that headers of several schemas live side by side.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOLDEN_DIR } from './golden';
import { WASM_FLAGS, defaultTools, run } from './guests';
import { ROOT } from './harness';

const STRICT = [
  '-std=c11', '-Wall', '-Wextra', '-Werror', '-pedantic', '-Wconversion', '-Wsign-conversion', '-Wshadow',
  '-Wcast-qual', '-Wcast-align', '-Wstrict-prototypes', '-Wmissing-prototypes', '-Wundef', '-Wpointer-arith',
  '-Wdouble-promotion', '-Wswitch-default',
];

describe('the generated headers compile cleanly', () => {
  const tools = defaultTools(ROOT);
  const headers = readdirSync(GOLDEN_DIR).filter((f) => f.startsWith('karmem_') && f.endsWith('.h')).sort();
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'karmem-c-compile-'));
    writeFileSync(join(dir, 'all.c'), [...headers.map((h) => `#include "${h}"`), '', 'int karmem_all_headers(void);', 'int karmem_all_headers(void) { return KARMEM_RUNTIME_VERSION; }', ''].join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('covers every golden header', () => {
    expect(headers.length).toBeGreaterThanOrEqual(7);
  });

  it.each([
    ['cc (gcc)', 'cc'],
    ['clang', 'clang'],
  ])('natively with %s and strict warnings', (_name, which) => {
    const compiler = which === 'cc' ? tools.cc : tools.clang;
    expect(run(compiler, [...STRICT, '-O2', '-I', GOLDEN_DIR, '-c', '-o', join(dir, `${which}.o`), join(dir, 'all.c')])).toBe('');
  });

  it('for wasm32, freestanding, with strict warnings', () => {
    const flags = WASM_FLAGS.filter((f) => !f.startsWith('-Wl,'));
    expect(run(tools.clang, [...flags, ...STRICT, '-I', GOLDEN_DIR, '-c', '-o', join(dir, 'all.wasm.o'), join(dir, 'all.c')])).toBe('');
  });
});
