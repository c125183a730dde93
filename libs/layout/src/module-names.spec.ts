import { compile } from '@karmem-ts/idl';
import { layoutSchema, loadSchema, moduleNameClashes } from '@karmem-ts/layout';

/** A schema with an interface and one `module <name> implements Echo;` line per name, from line 4. */
function schema(name: string, modules: readonly string[]): string {
  return [`karmem ${name};`, 'struct Text table { Value []char; }', 'interface Echo { Say(Text) Text; }', ...modules.map((m) => `module ${m} implements Echo;`)].join('\n');
}

function clashes(source: string, file = 'clash.km'): string[] {
  const result = loadSchema(source, file);
  expect(result.layout).toBeUndefined();
  return result.diagnostics.map((d) => `${d.severity} ${d.code}@${d.span.line}:${d.span.column}+${d.span.length} ${d.message}`);
}

describe('module names the glue would write to one file (KM506)', () => {
  it('refuses `fooBar` after `foo_bar`: one snake_case name, one Rust glue file; at the second name, noting the first', () => {
    const result = loadSchema(schema('clash', ['foo_bar', 'fooBar']), 'clash.km');
    expect(result.layout).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    const [d] = result.diagnostics;
    expect(`${d!.severity} ${d!.code}@${d!.span.line}:${d!.span.column}+${d!.span.length}`).toBe('error KM506@5:8+6');
    expect(d!.message).toBe('module `fooBar` and module `foo_bar` (4:8) would both be written to clash_foo_bar.rs (the Rust glue names a module\'s file in snake_case); rename one');
    expect(d!.notes?.map((n) => `${n.message}@${n.span.line}:${n.span.column}`)).toEqual(['module `foo_bar` is declared here@4:8']);
  });

  it('refuses `foo` after `Foo`, and any other spelling of one snake_case name', () => {
    expect(clashes(schema('clash', ['Foo', 'foo']))).toEqual([
      'error KM506@5:8+3 module `foo` and module `Foo` (4:8) would both be written to clash_foo.rs (the Rust glue names a module\'s file in snake_case); rename one',
    ]);
    expect(clashes(schema('clash', ['foo_bar', 'FOO_BAR', 'foo__bar', 'FooBar', 'fooBAR'])).map((d) => d.slice(0, d.indexOf(' (')))).toEqual([
      'error KM506@5:8+7 module `FOO_BAR` and module `foo_bar`',
      'error KM506@6:8+8 module `foo__bar` and module `foo_bar`',
      'error KM506@7:8+6 module `FooBar` and module `foo_bar`',
      'error KM506@8:8+6 module `fooBAR` and module `foo_bar`',
    ]);
  });

  it('refuses names that differ only in case even when their snake_case differs: one file where file names ignore case', () => {
    expect(clashes(schema('x', ['fOO', 'foo']))).toEqual([
      'error KM506@5:8+3 module `foo` and module `fOO` (4:8) differ only in case: where file names ignore case (macOS, Windows), ' +
        'fOO.guest.ts and foo.guest.ts (AssemblyScript glue) are one file, and so are karmem_x_fOO.h and karmem_x_foo.h (C glue); rename one',
    ]);
  });

  it('names the Rust file as the glue does, keyword schema names included', () => {
    expect(clashes(schema('type', ['a_b', 'aB']))[0]).toContain('would both be written to type__a_b.rs');
    expect(clashes(schema('HTTPServer', ['a_b', 'aB']))[0]).toContain('would both be written to http_server_a_b.rs');
  });

  it('points at the name wherever it is written; without the parsed file, at the declaration', () => {
    const source = 'karmem x;\nstruct Text table { Value []char; }\ninterface Echo { Say(Text) Text; }\nmodule foo implements Echo;\nmodule /* hm */\n    Foo imports Echo from foo;';
    expect(clashes(source).map((d) => d.slice(0, d.indexOf(' module')))).toEqual(['error KM506@6:5+3']);
    const laid = layoutSchema(compile(source, 'x.km').schema!);
    expect(laid.layout).toBeUndefined();
    expect(laid.diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.column}`)).toEqual(['KM506@5:1']);
  });

  it('reports every clash, with the schema\'s other layout errors', () => {
    const source = `${schema('x', ['a', 'A', 'b_c', 'bC'])}\nstruct E inline @packed(true) { }\nstruct T table { Es []E; }`;
    expect(clashes(source).map((d) => d.slice(0, d.indexOf(' ', d.indexOf('@'))))).toEqual(['error KM411@9:18+7', 'error KM506@5:8+1', 'error KM506@7:8+2']);
  });

  describe("names that give the glue's runtime file (karmem_abi.rs, karmem_abi.h)", () => {
    const RUST_MODULE = (module: string, schema: string) =>
      `module \`${module}\` of package \`${schema}\` would be written to karmem_abi.rs, the file of the Rust glue's runtime (\`mod karmem_abi;\`): ` +
      "the Rust glue names a module's file <package>_<module>.rs, in snake_case; rename the module or the package";
    const C_PACKAGE = (schema: string, same: string) =>
      `package \`${schema}\` has modules, for which the C glue writes its ABI header karmem_abi.h: codegen-c's header for the package, karmem_${schema}.h, is ${same}, ` +
      'and both headers use the include guard KARMEM_ABI_H; rename the package';
    const RUST_PACKAGE = (schema: string) =>
      `package \`${schema}\` has modules, for which the Rust glue writes its runtime karmem_abi.rs (\`mod karmem_abi;\`): codegen-rust's module for the package, karmem_abi.rs, ` +
      'is the same file and the same module; rename the package';

    it('refuses module `abi` of package `karmem`: its Rust glue file is the runtime\'s, at the module\'s name', () => {
      expect(clashes(schema('karmem', ['worker', 'abi']))).toEqual([`error KM506@5:8+3 ${RUST_MODULE('abi', 'karmem')}`]);
      // Every spelling of the two in snake_case.
      expect(clashes(schema('Karmem', ['ABI']))).toEqual([`error KM506@4:8+3 ${RUST_MODULE('ABI', 'Karmem')}`]);
      expect(clashes(schema('KARMEM', ['Abi_']))).toEqual([`error KM506@4:8+4 ${RUST_MODULE('Abi_', 'KARMEM')}`]);
      // A second spelling of the module is the first's file as well.
      const [abi, aBI, ...rest] = clashes(schema('karmem', ['abi', 'a_bi', 'aBI']));
      expect([abi, aBI!.slice(0, aBI!.indexOf(' ('))]).toEqual([`error KM506@4:8+3 ${RUST_MODULE('abi', 'karmem')}`, 'error KM506@6:8+3 module `aBI` and module `a_bi`']);
      expect(rest).toEqual([]);
    });

    it('refuses package `abi` with modules, in any case: codegen-c\'s karmem_abi.h is the C glue\'s, and so is its include guard', () => {
      expect(clashes(schema('abi', ['worker', 'other']))).toEqual([`error KM506@1:8+3 ${C_PACKAGE('abi', 'the same file')}`]);
      for (const name of ['Abi', 'ABI', 'aBi']) {
        expect(clashes(schema(name, ['worker']))).toEqual([`error KM506@1:8+${name.length} ${C_PACKAGE(name, 'the same file where file names ignore case (macOS, Windows)')}`]);
      }
    });

    it('refuses a package whose Rust module is karmem_abi, with modules: codegen-rust\'s karmem_abi.rs is the Rust glue\'s runtime', () => {
      for (const name of ['KarmemAbi', 'karmemAbi', 'karmemABI', 'KARMEMAbi']) {
        expect(clashes(schema(name, ['worker']))).toEqual([`error KM506@1:8+${name.length} ${RUST_PACKAGE(name)}`]);
      }
    });

    it('reports the package\'s at the span given for its name, and with the modules\' own', () => {
      const span = { file: 'x.km', offset: 7, line: 1, column: 8, length: 3 };
      const modules = [{ name: 'worker', span: { ...span, line: 4 } }, { name: 'Worker', span: { ...span, line: 5 } }];
      expect(moduleNameClashes('abi', modules, span).map((d) => `${d.code}@${d.span.line}:${d.span.column} ${d.message.split(' (')[0]}`)).toEqual([
        'KM506@1:8 package `abi` has modules, for which the C glue writes its ABI header karmem_abi.h: codegen-c\'s header for the package, karmem_abi.h, is the same file, and both headers use the include guard KARMEM_ABI_H; rename the package',
        'KM506@5:8 module `Worker` and module `worker`',
      ]);
    });

    it('keeps those names where the glue writes no runtime, and names near them', () => {
      const plain = (name: string) => loadSchema(`karmem ${name};\nstruct Text table { Value []char; }\ninterface Echo { Say(Text) Text; }`, `${name}.km`);
      for (const name of ['abi', 'ABI', 'KarmemAbi']) expect(plain(name).diagnostics).toEqual([]);
      for (const [name, modules] of [['karmem', ['abi2', 'abix', 'a_bi', 'karmem_abi', 'abi_worker']], ['abix', ['abi']], ['karmemAbix', ['abi']], ['kArmem', ['abi']], ['Abiabi', ['worker']]] as const) {
        const result = loadSchema(schema(name, modules), 'ok.km');
        expect(result.diagnostics).toEqual([]);
      }
    });
  });

  it('keeps names that stay apart: different in snake_case and in more than case', () => {
    const result = loadSchema(schema('x', ['foo_bar', 'foobar', 'fooBar2', 'foo_bar_2', 'worker_a', 'worker_b']), 'ok.km');
    expect(result.diagnostics).toEqual([]);
    expect(result.layout?.modules.map((m) => m.name)).toEqual(['foo_bar', 'foobar', 'fooBar2', 'foo_bar_2', 'worker_a', 'worker_b']);
  });
});
