// Module names the glue would write to one file (KM506, docs/schema.md):
// `fooBar` and `foo_bar` are one Rust file, `Foo` and `foo` one file of every
// glue where file names ignore case. loadSchema refuses such a schema (so
// `check` does, and `generate` writes nothing), and each generator that
// writes a file per module refuses a layout with such modules made any other
// way; the rule is held to the file names the generators actually write.
// So are the names that give the glue's runtime file (karmem_abi.rs,
// karmem_abi.h): module `abi` of package `karmem`, package `abi` (C),
// package `KarmemAbi` (Rust).
import { generateC } from '@karmem-ts/codegen-c';
import { ABI_HEADER, RUST_ABI_MODULE, generateGlueAssemblyScript, generateGlueC, generateGlueRust, moduleHeaderName, rustModuleName } from '@karmem-ts/codegen-glue';
import type { GeneratedOutput } from '@karmem-ts/codegen-core';
import { generateRust } from '@karmem-ts/codegen-rust';
import { loadSchema, moduleNameClashes, type SchemaLayout } from '@karmem-ts/layout';
import fc from 'fast-check';

/** A schema with an interface and one `module <name> implements Echo;` line per name, from line 4. */
function schema(modules: readonly string[]): string {
  return ['karmem clash;', 'struct Text table { Value []char; }', 'interface Echo { Say(Text) Text; }', ...modules.map((m) => `module ${m} implements Echo;`)].join('\n');
}

function laidOut(modules: readonly string[]): SchemaLayout {
  const loaded = loadSchema(schema(modules), 'clash.km');
  if (!loaded.layout) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.layout;
}

interface Family {
  readonly generate: (layout: SchemaLayout) => readonly GeneratedOutput[];
  /** The file of one module's glue. */
  readonly file: (layout: SchemaLayout, module: string) => string;
}

const FAMILIES: Record<string, Family> = {
  'rust-glue': { generate: (l) => generateGlueRust(l, { source: 'clash.km' }), file: (l, m) => `${rustModuleName(l, m)}.rs` },
  'as-glue': { generate: (l) => generateGlueAssemblyScript(l, { source: 'clash.km' }), file: (_, m) => `${m}.guest.ts` },
  'c-glue': { generate: (l) => generateGlueC(l, { source: 'clash.km' }), file: moduleHeaderName },
};

const RUST_REASON = "(the Rust glue names a module's file in snake_case); rename one";
const PAIRS = [
  ['foo_bar', 'fooBar', `module \`fooBar\` and module \`foo_bar\` (4:8) would both be written to clash_foo_bar.rs ${RUST_REASON}`],
  ['Foo', 'foo', `module \`foo\` and module \`Foo\` (4:8) would both be written to clash_foo.rs ${RUST_REASON}`],
] as const;

describe.each(Object.entries(FAMILIES))('%s: module names that make one file (KM506)', (_, family) => {
  it.each(PAIRS)('refuses %s then %s: the schema, at the second name, and a layout with those modules', (first, second, message) => {
    // The schema: `check` and `generate` load it this way, and stop before anything is written.
    const loaded = loadSchema(schema([first, second]), 'clash.km');
    expect(loaded.layout).toBeUndefined();
    expect(loaded.diagnostics.map((d) => `clash.km:${d.span.line}:${d.span.column}: error[${d.code}]: ${d.message}`)).toEqual([`clash.km:5:8: error[KM506]: ${message}`]);
    expect(loaded.diagnostics[0]!.span.length).toBe(second.length);
    // A layout that has the two modules anyway: the generator writes nothing, one module's glue over another's least of all.
    const valid = laidOut([first, 'other']);
    const clashing = { ...valid, modules: [valid.modules[0]!, { ...valid.modules[1]!, name: second }] };
    // Its spans are the declarations' (5:1, and 4:1 for the first module), not the names'.
    expect(() => family.generate(clashing)).toThrow(`clash.km:5:1: error[KM506]: ${message.replace('(4:8)', '(4:1)')}`);
  });

  it('still generates modules whose names differ in snake_case and in more than case, one file each', () => {
    const modules = ['foo_bar', 'foobar', 'fooBar2', 'foo_bar_2', 'worker_a'];
    const layout = laidOut(modules);
    const paths = family.generate(layout).map((f) => f.path);
    const files = modules.map((m) => family.file(layout, m));
    expect(paths).toEqual(expect.arrayContaining(files));
    expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(modules.length);
  });
});

describe('the KM506 rule and the files the glue writes', () => {
  // Module names from a few letters, `_` and digits: spellings of one name are frequent.
  const moduleName = fc
    .tuple(fc.constantFrom('a', 'A', 'b', 'B'), fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', '_', '1'), maxLength: 5 }))
    .map(([head, tail]) => head + tail);
  // Schema names: plain, several words, and Rust keywords (`type_`, `self_`) or not (`union`).
  const schemaName = fc.constantFrom('relay', 'HTTPServer', 'type', 'Self', 'fn', 'union');

  it('refuses two names exactly when a generator would write their glue to one file', () => {
    const base = laidOut(['worker']);
    fc.assert(
      fc.property(schemaName, moduleName, moduleName, (name, a, b) => {
        const layout = { ...base, name };
        const span = base.modules[0]!.span;
        const found = moduleNameClashes(name, [{ name: a, span }, { name: b, span }]);
        const rust = FAMILIES['rust-glue']!.file(layout, a) === FAMILIES['rust-glue']!.file(layout, b);
        const ignoringCase = ['as-glue', 'c-glue'].some((f) => FAMILIES[f]!.file(layout, a).toLowerCase() === FAMILIES[f]!.file(layout, b).toLowerCase());
        expect(found.length).toBe(rust || ignoringCase ? 1 : 0);
        if (rust) expect(found[0]!.message).toContain(`would both be written to ${FAMILIES['rust-glue']!.file(layout, b)} `);
        else if (ignoringCase) expect(found[0]!.message).toContain(`${moduleHeaderName(layout, a)} and ${moduleHeaderName(layout, b)} (C glue)`);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("names that give the glue's runtime file (KM506)", () => {
  /** A layout of package `name` with modules `modules`, whatever the rule says (a layout made some other way). */
  function forced(name: string, modules: readonly string[]): SchemaLayout {
    const valid = laidOut(modules.map((_, i) => `m${i}`));
    return { ...valid, name, modules: valid.modules.map((m, i) => ({ ...m, name: modules[i]! })) };
  }

  // A module's own name is the culprit at 4:8; a package's, at its name (1:8).
  it.each([
    ['karmem', 'abi', '4:8', "module `abi` of package `karmem` would be written to karmem_abi.rs, the file of the Rust glue's runtime"],
    ['abi', 'worker', '1:8', "package `abi` has modules, for which the C glue writes its ABI header karmem_abi.h: codegen-c's header for the package, karmem_abi.h, is the same file"],
    ['KarmemAbi', 'worker', '1:8', 'package `KarmemAbi` has modules, for which the Rust glue writes its runtime karmem_abi.rs'],
  ])('package %s, module %s: refused when loaded (at %s), and by every generator that writes a file per module', (name, module, at, message) => {
    const loaded = loadSchema(`karmem ${name};\nstruct Text table { Value []char; }\ninterface Echo { Say(Text) Text; }\nmodule ${module} implements Echo;`, 'clash.km');
    expect(loaded.layout).toBeUndefined();
    expect(loaded.diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.column} ${d.message}`)).toEqual([expect.stringContaining(`KM506@${at} ${message}`)]);
    // Without the parsed file, at the module's declaration.
    for (const family of Object.values(FAMILIES)) expect(() => family.generate(forced(name, [module]))).toThrow(`clash.km:4:1: error[KM506]: ${message}`);
  });

  it('refuses exactly the names for which a file of the schema or of a module is the runtime\'s', () => {
    // The runtime files, as the glue writes them (for a schema with modules).
    const glue = laidOut(['worker']);
    expect(generateGlueC(glue, { source: 'clash.km' }).at(-1)!.path).toBe(ABI_HEADER);
    expect(generateGlueRust(glue, { source: 'clash.km' }).at(-1)!.path).toBe(`${RUST_ABI_MODULE}.rs`);
    const schemaName = fc.constantFrom('abi', 'Abi', 'ABI', 'abix', 'karmem', 'Karmem', 'KARMEM', 'KarmemAbi', 'karmemABI', 'karmemAbix', 'relay');
    // Module names that are not one file with each other (KM506's other rule).
    const moduleNames = fc.uniqueArray(fc.constantFrom('abi', 'Abi', 'ABI', 'abi_', 'a_bi', 'aBi', 'abi2', 'abi_x', 'karmem_abi', 'worker'), {
      maxLength: 2,
      selector: (m) => m.toLowerCase().replace(/_/g, ''),
    });
    fc.assert(
      fc.property(schemaName, moduleNames, (name, modules) => {
        const layout = forced(name, modules);
        const found = moduleNameClashes(name, layout.modules).map((d) => d.message);
        // codegen-c's header and codegen-rust's module for the schema, then each module's Rust glue file.
        const [header] = generateC(layout, { source: 'clash.km' }).map((f) => f.path);
        const [rust] = generateRust(layout, { source: 'clash.km' }).map((f) => f.path);
        const runtime = [
          ...(modules.length > 0 && header!.toLowerCase() === ABI_HEADER ? [header!] : []),
          ...(modules.length > 0 && rust === `${RUST_ABI_MODULE}.rs` ? [rust] : []),
          ...modules.map((m) => `${rustModuleName(layout, m)}.rs`).filter((f) => f === `${RUST_ABI_MODULE}.rs`),
        ];
        expect(found.length).toBe(runtime.length);
        runtime.forEach((file, i) => expect(found[i]).toContain(file));
      }),
      { numRuns: 1000 },
    );
  });
});
