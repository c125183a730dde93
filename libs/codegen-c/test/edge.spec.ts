/**
 * Edge cases on a schema of their own (test/edge/edge.km), checked by a C
 * program (test/edge/edge-test.c) run natively under AddressSanitizer and
 * UndefinedBehaviorSanitizer: the reference writer's defects are not copied
 * (an inline root starting with an inline struct; a missing inline struct
 * whose table pointer resolved to the root), recursion is bounded, writer
 * errors are reported, enums keep 64-bit and minimum values, empty structs
 * and C-reserved field names compile, and docs/format.md's non-packed example
 * comes out byte for byte.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateC } from '@karmem-ts/codegen-c';
import { loadSchema } from '@karmem-ts/layout';
import { NATIVE_FLAGS, WASM_FLAGS, defaultTools, run } from './guests';
import { ROOT } from './harness';

const EDGE = join(__dirname, 'edge');

describe('edge cases (test/edge/edge.km)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'karmem-c-edge-'));
    const loaded = loadSchema(readFileSync(join(EDGE, 'edge.km'), 'utf8'), 'edge.km');
    expect(loaded.diagnostics).toEqual([]);
    for (const output of generateC(loaded.layout!, { source: 'edge.km' })) writeFileSync(join(dir, output.path), output.content);
    copyFileSync(join(EDGE, 'edge-test.c'), join(dir, 'edge-test.c'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hold natively under ASan and UBSan', () => {
    const tools = defaultTools(ROOT);
    const flags = NATIVE_FLAGS.filter((f) => f !== '-DKARMEM_NATIVE_HARNESS');
    run(tools.cc, [...flags, '-o', 'edge-test', 'edge-test.c'], dir);
    const result = spawnSync(join(dir, 'edge-test'), { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^\d+ checks\n$/);
    expect(result.status).toBe(0);
  });

  it('compile for wasm32 with no imports', () => {
    const tools = defaultTools(ROOT);
    writeFileSync(join(dir, 'guest.c'), '#include "karmem_edge.h"\n__attribute__((export_name("size"))) int32_t size(void) {\n    edge_Misc m = { 0 };\n    static uint8_t out[1024];\n    return edge_Misc_encode(&m, out, sizeof out);\n}\n');
    run(tools.clang, [...WASM_FLAGS, '-o', 'guest.wasm', 'guest.c'], dir);
    const module = new WebAssembly.Module(readFileSync(join(dir, 'guest.wasm')));
    expect(WebAssembly.Module.imports(module)).toEqual([]);
    const instance = new WebAssembly.Instance(module, {});
    const structs = loadSchema(readFileSync(join(EDGE, 'edge.km'), 'utf8')).layout!.structsByName;
    // The root, then the EmptyTable it points to.
    expect((instance.exports['size'] as () => number)()).toBe(structs.get('Misc')!.size + structs.get('EmptyTable')!.size);
  });
});
