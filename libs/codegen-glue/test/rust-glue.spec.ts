// The Rust glue: golden files, then Rust guests built from them (rustc, then
// Binaryen) linked with the AssemblyScript guests of ./e2e.spec.ts, in both
// memory modes: the host calls a Rust module with typed calls, a Rust module
// calls an AssemblyScript module through its import wrappers, an
// AssemblyScript module calls a Rust module, Rust modules fail the way the
// ABI says, and a lying import never makes a Rust caller read out of bounds.
import { generateGlueRust, rustModuleName, rustModuleType } from '@karmem-ts/codegen-glue';
import { GuestError, type GuestInstance, type Linked, link } from '@karmem-ts/linker';
import { loadSchema } from '@karmem-ts/layout';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guest } from './build';
import { expectGolden, layout } from './generate';
import { Geometry, Notes, type NotesHost, schema } from './golden/relay.glue';
import type { TextViewer } from './golden/relay';
import { type NativeCases, notebookCases, triangle, workerCases } from './native-cases';
import { RUST_GUESTS, type RustMemory, buildRust, rustGuest } from './rust-build';
import { generateAllRust, generateGlueFilesRust } from './rust-generate';

const files = generateAllRust();

describe('generated Rust glue', () => {
  it("gives codegen-rust's module, one module per schema module and karmem_abi.rs", () => {
    expect([...files.keys()].sort()).toEqual(['karmem_abi.rs', 'relay.rs', 'relay_client.rs', 'relay_notebook.rs', 'relay_worker_a.rs']);
    expect(rustModuleName(layout(), 'worker_a')).toBe('relay_worker_a');
    expect(rustModuleType('worker_a')).toBe('WorkerA');
    expect(rustModuleType('self')).toBe('Self_');
  });

  it.each([...generateGlueFilesRust().keys()])('matches the golden file rust/%s', (path) => {
    expectGolden(`rust/${path}`, files.get(path)!);
  });

  it('is deterministic, and gives nothing for a schema without modules', () => {
    const l = layout();
    expect(generateGlueRust(l, { source: 'x.km' })).toEqual(generateGlueRust(l, { source: 'x.km' }));
    const plain = loadSchema('karmem plain; struct A table { X uint8; }', 'plain.km').layout!;
    expect(generateGlueRust(plain, { source: 'plain.km' })).toEqual([]);
  });

  it('declares the traits, exports, imports and wrappers of each module; unsafe only in karmem_abi.rs', () => {
    const worker = files.get('relay_worker_a.rs')!;
    expect(worker).toContain('pub trait Geometry {');
    expect(worker).toContain("fn length(&mut self, arg: super::relay::PathView<'_>) -> ::core::result::Result<super::relay::Total, super::karmem_abi::Failure>;");
    expect(worker).toContain('#[export_name = "Geometry_Annotate"]');
    expect(worker).toContain('#[link(wasm_import_module = "karmem:Notes")]');
    expect(worker).toContain('#[link(wasm_import_module = "karmem-checked:Notes")]');
    expect(worker).toContain("pub fn try_count() -> ::core::result::Result<super::super::relay::TotalView<'static>, super::super::karmem_abi::CallError>");
    const client = files.get('relay_client.rs')!;
    expect(client).not.toContain('export_name');
    expect(client).not.toContain('MODULE');
    expect(client).toContain('pub fn scale(arg: &super::super::relay::Path)');
    for (const path of ['relay_worker_a.rs', 'relay_notebook.rs', 'relay_client.rs']) {
      expect(files.get(path)!).toContain('#![deny(unsafe_code)]');
      expect(files.get(path)!).not.toMatch(/unsafe \{|unsafe fn|unsafe impl/);
    }
  });

  it('names clear of keywords and of each other', () => {
    const source = `karmem clash @packed(true);
struct Msg table { A uint8; }
interface Match { Type(Msg) Msg; TypeBytes(Msg); }
module self implements Match imports Match;`;
    const clash = loadSchema(source, 'clash.km').layout!;
    const [module] = generateGlueRust(clash, { source: 'clash.km' });
    expect(module!.path).toBe('clash_self.rs');
    expect(module!.content).toContain('static MODULE: super::karmem_abi::Global<super::Self_>');
    expect(module!.content).toContain('fn type_(&mut self, arg: super::clash::MsgView');
    expect(module!.content).toContain('pub mod match_ {');
    // Each function keeps its own name (TypeBytes: type_bytes); Type's bytes form takes the underscore.
    expect(module!.content).toContain('pub fn type_bytes(arg: &super::super::clash::Msg)');
    expect(module!.content).toContain('pub fn type_bytes_(message: &[u8])');
    // And it compiles, warning-free, beside an implementation that calls its own import.
    const dir = mkdtempSync(join(tmpdir(), 'karmem-rust-glue-clash-'));
    try {
      writeFileSync(
        join(dir, 'lib.rs'),
        `extern crate alloc;
mod clash;
mod clash_self;
mod karmem_abi;

#[derive(Default)]
pub struct Self_;

impl clash_self::Match for Self_ {
    fn type_(&mut self, arg: clash::MsgView<'_>) -> Result<clash::Msg, karmem_abi::Failure> {
        let answer = clash_self::match_::try_type(&clash::Msg { a: arg.a() })?;
        clash_self::match_::type_bytes(&clash::Msg { a: answer.a() })?;
        Ok(clash::Msg { a: answer.a() })
    }

    fn type_bytes(&mut self, _arg: clash::MsgView<'_>) -> Result<(), karmem_abi::Failure> {
        // type_bytes_ is Type's bytes form (it answers a Msg); TypeBytes's own wrapper is type_bytes.
        clash_self::match_::type_bytes_(karmem_abi::argument())?;
        Ok(())
    }
}
`,
      );
      const built = buildRust('clash', 'lib.rs', dir, generateAllRust(clash, 'clash.km'), 'copy', 0);
      const exports = WebAssembly.Module.exports(new WebAssembly.Module(built.wasm)).map((e) => e.name);
      expect(exports).toEqual(expect.arrayContaining(['karmem_abi_version', 'karmem_frame', 'karmem_reserve', 'Match_Type', 'Match_TypeBytes']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(['copy', 'shared'] as const)('Rust guests, %s memory', (memory: RustMemory) => {
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

  const cases = (linked: () => Linked): NativeCases => ({ language: 'Rust', checkedImport: 'try_', memory, linked });

  it('build with the documented flags; Binaryen shrinks them', () => {
    for (const name of Object.keys(RUST_GUESTS) as (keyof typeof RUST_GUESTS)[]) {
      const built = rustGuest(name, memory, files);
      expect(built.wasmBytes).toBeLessThanOrEqual(built.rustcBytes);
      const imports = WebAssembly.Module.imports(new WebAssembly.Module(built.wasm)).map((i) => `${i.module}.${i.name}`);
      // Copy mode: the guest owns and grows its memory. Shared: imported, pages from the host's arena.
      if (memory === 'copy') expect(imports.filter((i) => i.startsWith('env.') || i.startsWith('karmem.'))).toEqual([]);
      else expect(imports).toEqual(expect.arrayContaining(['env.memory', 'karmem.arena_grow']));
    }
  });

  describe('a Rust worker_a between AssemblyScript modules', () => {
    let linked: Linked;
    beforeAll(async () => {
      linked = await link({
        schema,
        memory,
        modules: { worker_a: rustGuest('worker_a', memory, files).wasm, notebook: guest('notebook'), client: guest('client') },
        bind: { client: { Geometry: 'worker_a', Notes: 'host' } },
        host: { Notes: notes },
      });
    });
    afterAll(() => linked.close());

    workerCases(cases(() => linked), hostNotes);

    it('large answers grow the answer buffer; an application error reaches the host as a GuestError', () => {
      const objects = linked.client('worker_a', Geometry, 'object');
      const Points = Array.from({ length: 6_000 }, (_, i) => ({ X: i, Y: -i }));
      for (let round = 0; round < 3; round++) {
        const scaled = objects.Scale({ Name: 'long', Points });
        expect(scaled.Points.length).toBe(6_000);
        expect(scaled.Points[5_999]).toEqual({ X: 11_998, Y: -11_998 });
      }
      const many = Array.from({ length: 10_001 }, (_, i) => ({ X: i, Y: i }));
      let thrown: unknown;
      try {
        objects.Scale({ Name: 'too long', Points: many });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(GuestError);
      expect(thrown).toMatchObject({ module: 'worker_a', function: 'Geometry.Scale', code: 70, codeName: 'APPLICATION(70)' });
      expect(objects.Scale(triangle).Points).toHaveLength(3);
    });

    it('its allocator reuses what was freed: the same calls again take no more memory', () => {
      const objects = linked.client('worker_a', Geometry, 'object');
      const Points = Array.from({ length: 3_000 }, (_, i) => ({ X: i, Y: i }));
      // The guest's own memory, or the shared one (the host's regions do not grow for these calls).
      const pages = () => (linked.endpoint('worker_a') as GuestInstance).memory.buffer.byteLength;
      for (let round = 0; round < 3; round++) objects.Scale({ Name: `round ${round}`, Points });
      const settled = pages();
      for (let round = 0; round < 50; round++) objects.Scale({ Name: `round ${round}`, Points });
      expect(pages()).toBe(settled);
    });
  });

  describe('a Rust notebook under an AssemblyScript worker_a', () => {
    let linked: Linked;
    beforeAll(async () => {
      linked = await link({ schema, memory, modules: { worker_a: guest('worker_a'), notebook: rustGuest('notebook', memory, files).wasm } });
    });
    afterAll(() => linked.close());

    notebookCases(cases(() => linked));
  });

  describe('a Rust worker_a calling a Rust notebook', () => {
    it('links and answers', async () => {
      const linked = await link({ schema, memory, modules: { worker_a: rustGuest('worker_a', memory, files).wasm, notebook: rustGuest('notebook', memory, files).wasm } });
      try {
        const geometry = linked.client('worker_a', Geometry, 'object');
        expect(geometry.Length(triangle)).toEqual({ Value: 7000n });
        geometry.Annotate({ Value: 'xy' });
        // "length of triangle" (18 bytes), then "xy".
        expect(linked.client('notebook', Notes, 'object').Count()).toEqual({ Value: 2n + 20_000n });
        expect(geometry.Version()).toEqual({ Value: 1000n + 2n + 20_000n });
      } finally {
        linked.close();
      }
    });
  });
});

describe('a Rust caller given lying imports (no linker: a hostile host)', () => {
  // Notes.Count answers `status`, with FRAME_RET set to `address`: the wrapper must check both.
  async function countedNotes(status: number, address: (memoryBytes: number) => number): Promise<bigint> {
    const module = new WebAssembly.Module(rustGuest('worker_a', 'copy', files).wasm);
    let exports: WebAssembly.Exports = {};
    const count = () => {
      const memory = exports['memory'] as WebAssembly.Memory;
      const frame = (exports['karmem_frame'] as () => number)();
      new DataView(memory.buffer).setUint32(frame + 4, address(memory.buffer.byteLength) >>> 0, true);
      return status;
    };
    const fail = () => -99;
    const imports = { 'karmem:Notes': { Note: fail, Count: count }, 'karmem-checked:Notes': { Note: fail, Count: count } };
    exports = (await WebAssembly.instantiate(module, imports)).exports;
    return (exports['countedNotes'] as () => bigint)();
  }

  it('a length past the end of memory gives CallError::BadAnswer (17), not a trap', async () => {
    expect(await countedNotes(0x7fffffff, () => 1024)).toBe(-17n);
    expect(await countedNotes(64, (bytes) => bytes - 16)).toBe(-17n);
    expect(await countedNotes(16, () => 0xfffffff0)).toBe(-17n);
    // Address 0: no region of the ABI starts there, and Rust may not make a slice at the null pointer.
    expect(await countedNotes(16, () => 0)).toBe(-17n);
  });

  it('a function with an answer that answers nothing is BadAnswer; a hostile status is passed on as a code', async () => {
    expect(await countedNotes(0, () => 1024)).toBe(-17n);
    expect(await countedNotes(-2147483648, () => 0)).toBe(-2147483648n);
    expect(await countedNotes(-99, () => 0)).toBe(-99n);
  });

  it('an answer inside memory, however garbled, is read through the viewer: defaults, no trap', async () => {
    expect(await countedNotes(3, (bytes) => bytes - 3)).toBe(0n);
    expect(typeof (await countedNotes(12, () => 0))).toBe('bigint');
  });
});
