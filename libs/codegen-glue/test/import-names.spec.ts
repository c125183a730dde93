// Wrapper names of imported functions. The AssemblyScript glue derives names
// from each function's (`NoteArgument`, `NoteSend`, `NoteFrom`,
// `NoteForward`, their `try` forms) into one namespace per interface, where
// they meet other functions' own names: with `Note(Text)` and
// `NoteSend(Text)`, `NoteSend` was written twice and the imports file did not
// compile. The functions' own names are claimed first, then the derived ones,
// function by function; one already taken gets a trailing underscore
// (docs/linker.md). The C wrappers (`<module>_call_<I>_<F>_bytes`: function
// names hold no `_`) and the Rust ones (claimed in ./rust.ts) never meet:
// held here too, and the C header compiled.
import { generateAssemblyScript } from '@karmem-ts/codegen-as';
import { generateC } from '@karmem-ts/codegen-c';
import { generateGlueAssemblyScript, generateGlueC, generateGlueRust } from '@karmem-ts/codegen-glue';
import { loadSchema, type SchemaLayout } from '@karmem-ts/layout';
import { type InterfaceSpec, type Linked, type SchemaSpec, link } from '@karmem-ts/linker';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildGuestSync } from '../../../tools/asbuild/index.cjs';
import { COPY_FLAGS, C_FLAGS } from './c-build';
import { cached, hashOf } from './chain-build';
import { ROOT } from './generate';
import { TextCodec } from './golden/relay.glue';
import type { Text, TextViewer } from './golden/relay';

/** `@packed(true)` and `Text` as in schemas/relay.km, so that relay's TextCodec encodes its messages. */
function notesSchema(functions: string): string {
  return `karmem notes @packed(true);
struct Text table { Value []char; }
interface Notes { ${functions} }
interface Run { Go(Text); }
module writer implements Run imports Notes;`;
}

function laidOut(source: string): SchemaLayout {
  const loaded = loadSchema(source, 'notes.km');
  if (!loaded.layout) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.layout;
}

/** Note's `<F>Send` is the function NoteSend, its `<F>Forward` the function NoteForward; NoteBytes is Note's `_bytes` in C and Rust. */
const CLASHING = notesSchema('Note(Text); NoteSend(Text); NoteForward(); NoteBytes(Text);');

function asImports(layout: SchemaLayout): string {
  const file = generateGlueAssemblyScript(layout, { source: 'notes.km' }).find((f) => f.path === 'writer.imports.ts');
  return file!.content;
}

/** The functions a namespace of an AssemblyScript imports file exports, in order. */
function namespaceFunctions(content: string, namespace: string): string[] {
  const start = content.indexOf(`\nexport namespace ${namespace} {\n`);
  const body = content.slice(start, content.indexOf('\n}\n', start));
  return [...body.matchAll(/^ {4}export function (\w+)\(/gm)].map((m) => m[1]!);
}

/** The C functions a header declares or defines. */
function cFunctions(content: string): string[] {
  return [...content.matchAll(/^(?:static inline |KARMEM_EXPORT\("[^"]*"\) |KARMEM_IMPORT\("[^"]*", "[^"]*"\) )?int32_t (\w+)\(/gm)].map((m) => m[1]!);
}

/** The Rust functions of each `pub mod` (one per imported interface) of a module file. */
function rustModuleFunctions(content: string): string[][] {
  return [...content.matchAll(/^pub mod \w+ \{\n([\s\S]*?)^\}/gm)].map((m) => [...m[1]!.matchAll(/^ {4,8}(?:pub )?fn (\w+)\(/gm)].map((f) => f[1]!));
}

const duplicates = (names: readonly string[]) => names.filter((n, i) => names.indexOf(n) !== i);

describe('AssemblyScript import wrappers: names unique in their namespace', () => {
  it('keeps the functions\' own names and gives the derived names they take a trailing underscore', () => {
    const names = namespaceFunctions(asImports(laidOut(CLASHING)), 'Notes');
    expect(duplicates(names)).toEqual([]);
    expect(names).toEqual([
      // Note: its Send and Forward are NoteSend's and NoteForward's own names.
      'NoteArgument', 'NoteSend_', 'NoteFrom', 'NoteForward_', 'Note', 'tryNoteSend_', 'tryNoteFrom', 'tryNoteForward_', 'tryNote',
      'NoteSendArgument', 'NoteSendSend', 'NoteSendFrom', 'NoteSendForward', 'NoteSend', 'tryNoteSendSend', 'tryNoteSendFrom', 'tryNoteSendForward', 'tryNoteSend',
      'NoteForward', 'tryNoteForward',
      'NoteBytesArgument', 'NoteBytesSend', 'NoteBytesFrom', 'NoteBytesForward', 'NoteBytes', 'tryNoteBytesSend', 'tryNoteBytesFrom', 'tryNoteBytesForward', 'tryNoteBytes',
    ]);
    // The wrappers call, and their comments name, the renamed ones.
    const content = asImports(laidOut(CLASHING));
    expect(content).toContain("The writer for Note's argument (a Text message): empty, reused. Then call NoteSend_() (or tryNoteSend_()).");
    expect(content).toContain('export function NoteSend_(): void {\n        NoteFrom(abi.pendingArgument());');
    expect(content).toContain('export function Note(value: types.Text): void {\n        types.encodeText(abi.argumentWriter(), value);\n        NoteSend_();');
    expect(content).toContain('export function tryNote(value: types.Text): i32 {\n        types.encodeText(abi.argumentWriter(), value);\n        return tryNoteSend_();');
    expect(content).toContain('export function NoteSend(value: types.Text): void {\n        types.encodeText(abi.argumentWriter(), value);\n        NoteSendSend();');
  });

  it('whatever the declaration order', () => {
    const names = namespaceFunctions(asImports(laidOut(notesSchema('NoteSend(Text); NoteForward(); Note(Text);'))), 'Notes');
    expect(duplicates(names)).toEqual([]);
    expect(names.filter((n) => n.endsWith('_'))).toEqual(['NoteSend_', 'NoteForward_', 'tryNoteSend_', 'tryNoteForward_']);
    expect(names).toEqual(expect.arrayContaining(['NoteSend', 'tryNoteSend', 'NoteForward', 'tryNoteForward', 'Note', 'tryNote']));
  });

  // Function names from pieces that make each other's derived names, with and without an argument.
  const piece = fc.constantFrom('Note', 'Send', 'From', 'Forward', 'Argument', 'Try');
  const fnName = fc.array(piece, { minLength: 1, maxLength: 3 }).map((p) => p.join(''));
  const functions = fc.uniqueArray(fc.tuple(fnName, fc.boolean()), { minLength: 1, maxLength: 6, selector: ([name]) => name });

  it('every generator: unique names, each function\'s own wrapper under its own name, the usual names where nothing clashes', () => {
    fc.assert(
      fc.property(functions, (fns) => {
        const layout = laidOut(notesSchema(fns.map(([name, param]) => `${name}(${param ? 'Text' : ''});`).join(' ')));
        const names = namespaceFunctions(asImports(layout), 'Notes');
        expect(duplicates(names)).toEqual([]);
        for (const [name, param] of fns) {
          expect(names).toContain(name);
          expect(names).toContain(`try${name}`);
          if (param) expect(asImports(layout)).toContain(`export function ${name}(value: types.Text): void {`);
        }
        const usual = fns.flatMap(([name, param]) =>
          param ? ['Argument', 'Send', 'From', 'Forward', '', 'trySend', 'tryFrom', 'tryForward', 'try'].map((s) => (s.startsWith('try') ? `try${name}${s.slice(3)}` : `${name}${s}`)) : [name, `try${name}`],
        );
        // Names that meet get an underscore; none other does.
        expect(names.map((n) => n.replace(/_+$/, ''))).toEqual(usual);
        if (duplicates(usual).length === 0) expect(names).toEqual(usual);
        const [header] = generateGlueC(layout, { source: 'notes.km' });
        expect(duplicates(cFunctions(header!.content))).toEqual([]);
        const [rust] = generateGlueRust(layout, { source: 'notes.km' });
        const mods = rustModuleFunctions(rust!.content);
        expect(mods.map((m) => m.length)).toEqual([fns.length * 2 + fns.reduce((n, [, param]) => n + (param ? 4 : 2), 0)]);
        for (const mod of mods) expect(duplicates(mod)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a guest built from the clashing imports', () => {
  const layout = laidOut(CLASHING);
  // Calls every wrapper of Notes once; the host records which function each reached, with what.
  const implementation = `import * as karmem from "@karmem-ts/runtime-as/assembly";
import { Text, TextViewer, encodeText } from "./notes";
import { Notes } from "./writer.imports";

function text(value: string): Text {
  const t = new Text();
  t.Value = value;
  return t;
}

function check(status: i32): void {
  if (status != 0) abort("a checked call failed");
}

export namespace Run {
  export function Go(arg: TextViewer, r: karmem.Reader): void {
    Notes.Note(text("Note"));
    encodeText(Notes.NoteArgument(), text("NoteArgument, NoteSend_"));
    Notes.NoteSend_();
    const w = Notes.NoteArgument();
    encodeText(w, text("NoteFrom"));
    Notes.NoteFrom(w);
    Notes.NoteForward_(r);
    Notes.NoteSend(text("NoteSend"));
    encodeText(Notes.NoteSendArgument(), text("NoteSendArgument, NoteSendSend"));
    Notes.NoteSendSend();
    const v = Notes.NoteSendArgument();
    encodeText(v, text("NoteSendFrom"));
    Notes.NoteSendFrom(v);
    Notes.NoteSendForward(r);
    Notes.NoteForward();
    Notes.NoteBytes(text("NoteBytes"));
    check(Notes.tryNote(text("tryNote")));
    encodeText(Notes.NoteArgument(), text("tryNoteSend_"));
    check(Notes.tryNoteSend_());
    const x = Notes.NoteArgument();
    encodeText(x, text("tryNoteFrom"));
    check(Notes.tryNoteFrom(x));
    check(Notes.tryNoteForward_(r));
    check(Notes.tryNoteSend(text("tryNoteSend")));
    encodeText(Notes.NoteSendArgument(), text("tryNoteSendSend"));
    check(Notes.tryNoteSendSend());
    const y = Notes.NoteSendArgument();
    encodeText(y, text("tryNoteSendFrom"));
    check(Notes.tryNoteSendFrom(y));
    check(Notes.tryNoteSendForward(r));
    check(Notes.tryNoteForward());
    if (arg.Value(r) != "go") abort("not the message sent");
  }
}
`;

  function writerGuest(): Uint8Array<ArrayBuffer> {
    const files = new Map<string, string>();
    for (const f of generateAssemblyScript(layout, { source: 'notes.km' })) files.set(f.path, f.content);
    for (const f of generateGlueAssemblyScript(layout, { source: 'notes.km', implementation: (m) => `./${m}` })) files.set(f.path, f.content);
    files.set('writer.ts', implementation);
    const runtime = ['libs/linker/assembly', 'libs/runtime-as/assembly'].flatMap((d) =>
      readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.ts')).sort().map((f) => readFileSync(join(ROOT, d, f))),
    );
    const key = hashOf(JSON.stringify([...files]), ...runtime, readFileSync(join(ROOT, 'tools/asbuild/build.mjs')), readFileSync(join(ROOT, 'node_modules/assemblyscript/package.json')));
    // Under the repository, so that asc finds the runtime's packages.
    return cached(join(ROOT, 'tmp/codegen-glue-test', `import-names-${key}`), 'writer.incremental.wasm', (staging) => {
      for (const [f, content] of files) writeFileSync(join(staging, f), content);
      buildGuestSync({
        entry: join(staging, 'writer.guest.ts'),
        outDir: staging,
        name: 'writer',
        runtimes: ['incremental'],
        allocator: join(ROOT, 'libs/linker/assembly/allocator.ts'),
        ascArgs: ['--importMemory', '--memoryBase', String(0x10000)],
      });
    });
  }

  interface NotesHost {
    Note(arg: TextViewer): void;
    NoteSend(arg: TextViewer): void;
    NoteForward(): void;
    NoteBytes(arg: TextViewer): void;
  }
  const Notes: InterfaceSpec<unknown, unknown, NotesHost> = {
    name: 'Notes',
    functions: [{ name: 'Note', param: TextCodec }, { name: 'NoteSend', param: TextCodec }, { name: 'NoteForward' }, { name: 'NoteBytes', param: TextCodec }],
  };
  const Run: InterfaceSpec<unknown, { Go(arg: Text): void }, unknown> = { name: 'Run', functions: [{ name: 'Go', param: TextCodec }] };
  const schema: SchemaSpec = { name: 'notes', interfaces: { Notes, Run }, modules: { writer: { name: 'writer', implements: ['Run'], imports: [{ interface: 'Notes' }] } } };

  let linked: Linked | undefined;
  afterAll(() => linked?.close());

  it('compiles, and each wrapper calls the function it is named for', async () => {
    const calls: string[] = [];
    const host: NotesHost = {
      Note: (arg) => void calls.push(`Note ${arg.Value}`),
      NoteSend: (arg) => void calls.push(`NoteSend ${arg.Value}`),
      NoteForward: () => void calls.push('NoteForward'),
      NoteBytes: (arg) => void calls.push(`NoteBytes ${arg.Value}`),
    };
    linked = await link({ schema, memory: 'copy', modules: { writer: writerGuest() }, bind: { writer: { Notes: 'host' } }, host: { Notes: host } });
    linked.client('writer', Run, 'object').Go({ Value: 'go' });
    expect(calls).toEqual([
      'Note Note', 'Note NoteArgument, NoteSend_', 'Note NoteFrom', 'Note go',
      'NoteSend NoteSend', 'NoteSend NoteSendArgument, NoteSendSend', 'NoteSend NoteSendFrom', 'NoteSend go',
      'NoteForward', 'NoteBytes NoteBytes',
      'Note tryNote', 'Note tryNoteSend_', 'Note tryNoteFrom', 'Note go',
      'NoteSend tryNoteSend', 'NoteSend tryNoteSendSend', 'NoteSend tryNoteSendFrom', 'NoteSend go',
      'NoteForward',
    ]);
  });
});

describe('C import wrappers of the same functions', () => {
  it('are unique, and the module header compiles beside a guest that calls each', () => {
    const layout = laidOut(CLASHING);
    const files = [...generateC(layout, { source: 'notes.km' }), ...generateGlueC(layout, { source: 'notes.km' })];
    const header = files.find((f) => f.path === 'karmem_notes_writer.h')!.content;
    const calls = cFunctions(header).filter((n) => /^writer_(call|try)_/.test(n));
    expect(duplicates(cFunctions(header))).toEqual([]);
    expect(calls).toEqual([
      'writer_call_Notes_Note_bytes', 'writer_call_Notes_Note', 'writer_try_Notes_Note_bytes', 'writer_try_Notes_Note',
      'writer_call_Notes_NoteSend_bytes', 'writer_call_Notes_NoteSend', 'writer_try_Notes_NoteSend_bytes', 'writer_try_Notes_NoteSend',
      'writer_call_Notes_NoteForward', 'writer_try_Notes_NoteForward',
      'writer_call_Notes_NoteBytes_bytes', 'writer_call_Notes_NoteBytes', 'writer_try_Notes_NoteBytes_bytes', 'writer_try_Notes_NoteBytes',
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'karmem-c-import-names-'));
    try {
      mkdirSync(join(dir, 'include'));
      for (const f of files) writeFileSync(join(dir, 'include', f.path), f.content);
      const uses = calls.map((n) => (n.endsWith('_bytes') ? `    status |= ${n}(karmem_abi_argument());` : n.endsWith('Forward') ? `    status |= ${n}();` : `    status |= ${n}(&note);`));
      writeFileSync(
        join(dir, 'writer.c'),
        `#include "karmem_notes_writer.h"\n\nint32_t writer_Run_Go(notes_Text_view arg) {\n    (void)arg;\n    notes_Text note = { { "x", 1 } };\n    int32_t status = 0;\n${uses.join('\n')}\n    return status < 0 ? status : 0;\n}\n`,
      );
      const PATH = (process.env['PATH'] ?? '').split(':').filter((d) => !/node_modules[\\/]\.bin\/?$/.test(d)).join(':');
      execFileSync(process.env['KARMEM_CLANG'] ?? 'clang', [...C_FLAGS, ...COPY_FLAGS, '-I', 'include', '-o', 'writer.wasm', 'writer.c'], { cwd: dir, stdio: 'pipe', env: { ...process.env, PATH } });
      const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(dir, 'writer.wasm')))).map((e) => e.name);
      expect(exports).toEqual(expect.arrayContaining(['karmem_abi_version', 'Run_Go']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
