import { breakingChanges, loadSchema, type SchemaLayout } from '@karmem-ts/layout';
import { loadSuites } from '@karmem-ts/conformance';

const layoutOf = (source: string, file = 'x.km'): SchemaLayout => {
  const result = loadSchema(source, file);
  if (!result.layout) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.layout;
};
const changes = (before: string, after: string) => breakingChanges(layoutOf(before, 'old.km'), layoutOf(after, 'new.km')).map((c) => `${c.span.file}:${c.span.line} ${c.message}`);

const BASE = `karmem app;
enum Kind uint8 { None; Some; }
struct P inline { X uint16; }
struct T table {
    A uint8;
    S []uint16;
    K Kind;
}`;

describe('breakingChanges', () => {
  it('accepts appended table fields and new declarations', () => {
    expect(changes(BASE, BASE.replace('    K Kind;', '    K Kind;\n    Extra []char;\n    More P;') + '\nstruct New table {}\nenum E uint8 { Z; }')).toEqual([]);
    expect(changes(BASE, BASE.replace('{ None; Some; }', '{ None; Some; Many; }'))).toEqual([]);
  });

  it('accepts the conformance evolution schemas, in the order they were written', () => {
    const suite = loadSuites().find((s) => s.name === 'evolve-profile')!;
    const v1 = suite.otherSchemas.get('v1')!.source;
    const v3 = suite.otherSchemas.get('v3')!.source;
    expect(changes(v1, suite.schemaSource)).toEqual([]);
    expect(changes(suite.schemaSource, v3)).toEqual([]);
    expect(changes(v3, v1).length).toBeGreaterThan(0);
  });

  it('reports removed, reordered and retyped fields', () => {
    expect(changes(BASE, BASE.replace('    S []uint16;\n', ''))).toEqual([
      'new.km:6 field `T.S` was replaced by `K` (fields may only be appended)',
      'new.km:4 field `T.K` was removed (fields may only be appended)',
    ]);
    expect(changes(BASE, BASE.replace('    A uint8;\n    S []uint16;', '    S []uint16;\n    A uint8;'))).toEqual([
      'new.km:5 field `T.A` moved from position 1 to 2 (fields may only be appended)',
      'new.km:6 field `T.S` moved from position 2 to 1 (fields may only be appended)',
    ]);
    expect(changes(BASE, BASE.replace('A uint8;', 'A uint16;'))).toEqual([
      'new.km:5 field `T.A` changed from uint8 at offset 4 to uint16 at offset 4',
      'new.km:6 field `T.S` changed from []uint16 at offset 5 to []uint16 at offset 6',
      'new.km:7 field `T.K` changed from Kind at offset 17 to Kind at offset 18',
    ]);
  });

  it('reports any change to an inline struct, packing, enums and removed types', () => {
    expect(changes(BASE, BASE.replace('struct P inline { X uint16; }', 'struct P inline { X uint16; Y uint8; }'))).toEqual([
      'new.km:3 inline struct `P` gained field `Y`: inline structs cannot change; only tables may grow',
    ]);
    expect(changes(BASE, BASE.replace('karmem app;', 'karmem app @packed(true);'))).toContain('new.km:3 struct `P` changed its packing from false to true');
    expect(changes(BASE, BASE.replace('enum Kind uint8 { None; Some; }', 'enum Kind uint16 { None; Some; }'))).toContain('new.km:2 enum `Kind` changed its base type from uint8 to uint16');
    expect(changes(BASE, BASE.replace('{ None; Some; }', '{ None; Other = 1; }'))).toEqual(['new.km:2 enum member `Kind.Some` (= 1) was removed']);
    expect(changes(BASE, BASE.replace('struct P inline { X uint16; }', ''))).toEqual(['old.km:3 struct `P` was removed']);
    expect(changes(BASE, BASE.replace('struct T table', 'struct T inline'))).toEqual(['new.km:4 struct `T` changed from table to inline']);
  });
});
