import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD_SCRIPT, buildGuestSync } from '../../../tools/asbuild/index.cjs';
import { builtGuest, RUNTIMES } from './harness';

describe('tools/asbuild', () => {
  it('builds the test guest under both runtimes and reports sizes before and after Binaryen', () => {
    const { modules } = builtGuest();
    expect(modules.map((m) => m.runtime)).toEqual(RUNTIMES);
    for (const m of modules) {
      const wasm = readFileSync(m.wasm);
      expect(WebAssembly.validate(wasm)).toBe(true);
      expect(wasm.length).toBe(m.bytes);
      expect(m.bytes).toBeGreaterThan(0);
      expect(m.bytes).toBeLessThan(m.ascBytes); // Binaryen -O3 did shrink it
    }
    // The incremental runtime carries a GC and a shadow stack: larger.
    expect(modules[1].bytes).toBeGreaterThan(modules[0].bytes);
  });

  it('exports what the entry exports, with the memory', async () => {
    const { modules } = builtGuest();
    const names = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(modules[0].wasm))).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['memory', 'readAccount', 'writeAccountFixed', 'region']));
  });

  describe('on other entries', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'asbuild-'));
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('builds any entry with extra asc flags, and names the output', () => {
      const entry = join(dir, 'tiny.ts');
      writeFileSync(entry, 'export function add(a: i32, b: i32): i32 { return a + b; }\n');
      const [built] = buildGuestSync({
        entry,
        outDir: join(dir, 'out'),
        name: 'renamed',
        runtimes: ['stub'],
        wat: true,
        ascArgs: ['--noExportMemory'],
      });
      expect(built.wasm).toBe(join(dir, 'out', 'renamed.stub.wasm'));
      expect(readFileSync(built.wat as string, 'utf8')).toMatch(/\(export "add"/);
      const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(built.wasm)), {});
      expect((instance.exports.add as (a: number, b: number) => number)(2, 3)).toBe(5);
      expect(instance.exports.memory).toBeUndefined();
    });

    it('counts the managed allocations of a module built with --count-allocations, under every runtime', () => {
      const entry = join(dir, 'allocating.ts');
      writeFileSync(
        entry,
        [
          'class Box { v: i32 = 0; }',
          'let kept: Box[] = [];',
          '/** n boxes in a new array: n + 2 allocations (the array and its buffer). */',
          'export function make(n: i32): i32 { kept = new Array<Box>(n); for (let i = 0; i < n; i++) kept[i] = new Box(); return kept.length; }',
          'export function none(a: i32): i32 { return a + 1; }',
          '',
        ].join('\n'),
      );
      const built = buildGuestSync({ entry, outDir: join(dir, 'out'), name: 'counted', runtimes: ['stub', 'minimal', 'incremental'], countAllocations: true });
      for (const m of built) {
        const exports = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(m.wasm)), { env: { abort() {}, seed: () => 0 } }).exports as Record<string, (...a: number[]) => number>;
        const count = exports['__allocations']!;
        const start = count();
        exports['none']!(1);
        expect({ runtime: m.runtime, none: count() - start }).toEqual({ runtime: m.runtime, none: 0 });
        exports['make']!(5);
        expect({ runtime: m.runtime, make: count() - start }).toEqual({ runtime: m.runtime, make: 7 });
      }
      // Without the flag: no counter.
      const [plain] = buildGuestSync({ entry, outDir: join(dir, 'out'), name: 'plain', runtimes: ['stub'] });
      expect(WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(plain!.wasm))).map((e) => e.name)).not.toContain('__allocations');
    });

    it('fails with asc diagnostics on an entry that does not compile', () => {
      const entry = join(dir, 'broken.ts');
      writeFileSync(entry, 'export function f(): i32 { return "no"; }\n');
      expect(() => buildGuestSync({ entry, outDir: join(dir, 'out'), runtimes: ['stub'] })).toThrow(
        /asc failed on .*broken\.ts[\s\S]*TS2322/,
      );
    });

    it('rejects an unknown runtime before compiling', () => {
      let stderr = '';
      try {
        execFileSync(process.execPath, [BUILD_SCRIPT, 'a.ts', '--runtime', 'gc'], { stdio: 'pipe' });
      } catch (error) {
        stderr = String((error as { stderr: Buffer }).stderr);
      }
      expect(stderr).toMatch(/unknown runtime "gc"/);
    });
  });
});
