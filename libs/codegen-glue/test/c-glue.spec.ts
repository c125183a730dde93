// The C glue: golden headers, then C guests built from them (clang, then
// Binaryen) linked with the AssemblyScript guests of ./e2e.spec.ts, in both
// memory modes: the host calls a C module with typed calls, a C module calls
// an AssemblyScript module through its import wrappers, an AssemblyScript
// module calls a C module, and C modules fail the way the ABI says.
import { generateGlueC, moduleHeaderName } from '@karmem-ts/codegen-glue';
import { GuestProtocolError, type Linked, link } from '@karmem-ts/linker';
import { loadSchema } from '@karmem-ts/layout';
import { guest } from './build';
import { C_GUESTS, type CMemory, cGuest } from './c-build';
import { generateAllC, generateGlueFilesC } from './c-generate';
import { expectGolden, layout } from './generate';
import { Geometry, Notes, type NotesHost, schema } from './golden/relay.glue';
import type { TextViewer } from './golden/relay';
import { type NativeCases, notebookCases, workerCases } from './native-cases';

describe('generated C glue', () => {
  const files = generateAllC();

  it('gives codegen-c\'s headers, one entry header per module and karmem_abi.h', () => {
    expect([...files.keys()].sort()).toEqual([
      'karmem.h',
      'karmem_abi.h',
      'karmem_relay.h',
      'karmem_relay_client.h',
      'karmem_relay_notebook.h',
      'karmem_relay_worker_a.h',
    ]);
    expect(moduleHeaderName(layout(), 'worker_a')).toBe('karmem_relay_worker_a.h');
  });

  it.each([...generateGlueFilesC().keys()])('matches the golden file c/%s', (path) => {
    expectGolden(`c/${path}`, files.get(path)!);
  });

  it('is deterministic, and gives nothing for a schema without modules', () => {
    const l = layout();
    expect(generateGlueC(l, { source: 'x.km' })).toEqual(generateGlueC(l, { source: 'x.km' }));
    const plain = loadSchema('karmem plain; struct A table { X uint8; }', 'plain.km').layout!;
    expect(generateGlueC(plain, { source: 'plain.km' })).toEqual([]);
  });

  it('declares the exports, imports and functions to write of each module', () => {
    const worker = files.get('karmem_relay_worker_a.h')!;
    expect(worker).toContain('int32_t worker_a_Geometry_Length(relay_Path_view arg, relay_Total *answer, karmem_arena *scratch);');
    expect(worker).toContain('int32_t worker_a_Geometry_Clear(void);');
    expect(worker).toContain('KARMEM_EXPORT("Geometry_Annotate") int32_t worker_a_export_Geometry_Annotate(uint32_t ptr, uint32_t len)');
    expect(worker).toContain('KARMEM_IMPORT("karmem:Notes", "Note")');
    expect(worker).toContain('KARMEM_IMPORT("karmem-checked:Notes", "Count")');
    const client = files.get('karmem_relay_client.h')!;
    expect(client).not.toContain('KARMEM_EXPORT(');
    expect(client).toContain('static inline int32_t client_call_Geometry_Scale(const relay_Path *arg, relay_Path_view *answer)');
  });
});

describe.each(['copy', 'shared'] as const)('C guests, %s memory', (memory: CMemory) => {
  const hostNotes: string[] = [];
  const notes: NotesHost = {
    Note(arg: TextViewer) {
      if (arg.Value.startsWith('!')) throw new Error(`refused note ${arg.Value}`);
      hostNotes.push(arg.Value);
    },
    Count() {
      return { Value: BigInt(hostNotes.length) };
    },
  };

  const cases = (linked: () => Linked): NativeCases => ({ language: 'C', checkedImport: '_try_', memory, linked });

  it('build with the documented flags; Binaryen shrinks them', () => {
    for (const name of Object.keys(C_GUESTS) as (keyof typeof C_GUESTS)[]) {
      const built = cGuest(name, memory);
      expect(built.wasmBytes).toBeLessThanOrEqual(built.clangBytes);
      const imports = WebAssembly.Module.imports(new WebAssembly.Module(built.wasm)).map((i) => `${i.module}.${i.name}`);
      // Copy mode: the guest owns and grows its memory. Shared: imported, pages from the host's arena.
      if (memory === 'copy') expect(imports.filter((i) => i.startsWith('env.') || i.startsWith('karmem.'))).toEqual([]);
      else expect(imports).toEqual(expect.arrayContaining(['env.memory', 'karmem.arena_grow']));
    }
  });

  describe('a C worker_a between AssemblyScript modules', () => {
    let linked: Linked;
    beforeAll(async () => {
      linked = await link({
        schema,
        memory,
        modules: { worker_a: cGuest('worker_a', memory).wasm, notebook: guest('notebook'), client: guest('client') },
        bind: { client: { Geometry: 'worker_a', Notes: 'host' } },
        host: { Notes: notes },
      });
    });
    afterAll(() => linked.close());

    workerCases(cases(() => linked), hostNotes);

    it('answers that outgrow the first answer buffer are encoded again into a larger one', () => {
      const objects = linked.client('worker_a', Geometry, 'object');
      // 48 KB of points: the answer buffer starts at 1 KiB and doubles six times; the scratch arena (64 KiB) holds them.
      const Points = Array.from({ length: 6_000 }, (_, i) => ({ X: i, Y: -i }));
      const scaled = objects.Scale({ Name: 'long', Points });
      expect(scaled.Points.length).toBe(6_000);
      expect(scaled.Points[5_999]).toEqual({ X: 11_998, Y: -11_998 });
      // Past the scratch arena: the C function fails with its own code.
      const many = Array.from({ length: 10_000 }, (_, i) => ({ X: i, Y: i }));
      expect(() => objects.Scale({ Name: 'too long', Points: many })).toThrow(expect.objectContaining({ name: 'GuestError', code: 70 }));
    });
  });

  describe('a C notebook under an AssemblyScript worker_a', () => {
    let linked: Linked;
    beforeAll(async () => {
      linked = await link({ schema, memory, modules: { worker_a: guest('worker_a'), notebook: cGuest('notebook', memory).wasm } });
    });
    afterAll(() => linked.close());

    notebookCases(cases(() => linked));

    it('a linker code the C module was never given is refused as an impersonation', () => {
      const notebook = linked.client('notebook', Notes, 'object');
      expect(() => notebook.Note({ Value: '?impersonate' })).toThrow(GuestProtocolError);
      // The module was reset: it answers again, from a fresh start.
      expect(notebook.Count().Value).toBe(0n);
    });
  });
});
