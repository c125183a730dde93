import { compile } from '@karmem-ts/idl';
import { layoutSchema, loadSchema } from '@karmem-ts/layout';

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

  it('keeps names that stay apart: different in snake_case and in more than case', () => {
    const result = loadSchema(schema('x', ['foo_bar', 'foobar', 'fooBar2', 'foo_bar_2', 'worker_a', 'worker_b']), 'ok.km');
    expect(result.diagnostics).toEqual([]);
    expect(result.layout?.modules.map((m) => m.name)).toEqual(['foo_bar', 'foobar', 'fooBar2', 'foo_bar_2', 'worker_a', 'worker_b']);
  });
});
