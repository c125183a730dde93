import { hostileNames, hostileNameSchemas, injectionSchema, injectionSchemaWithoutDocs, INJECTIONS } from './hostile-corpus';

describe('the hostile corpus', () => {
  it('checks, and holds the clashes the generators must survive', () => {
    const names = hostileNames();
    for (const n of ['Uint8Array', 'Map', 'ReadonlyMap', 'Array', 'Object', 'Promise', 'Error', 'Symbol', 'StaticArray', 'NULL', 'KARMEM']) expect(names).toContain(n);
    const schemas = hostileNameSchemas();
    expect(schemas.map((s) => s.name)).toEqual(['structs', 'enums', 'suffixes', 'KARMEM', 'karmem', 'Karmem', 'int', 'NULL', 'delete', 'Map']);
    expect(schemas[0]!.layout.structs.length).toBe(names.length + 1);
    expect(schemas[1]!.layout.enums.length).toBe(names.length);
  });

  it('keeps every injection in the docs', () => {
    const { layout } = injectionSchema();
    expect(layout.doc).toEqual(INJECTIONS.map((i) => i.replace(/^ /, '')));
    expect(layout.structsByName.get('Shape')!.fields[0]!.doc.length).toBe(INJECTIONS.length);
    expect(layout.enums[0]!.members[1]!.doc.length).toBe(INJECTIONS.length);
    expect(injectionSchemaWithoutDocs().layout.doc).toEqual([]);
  });
});
