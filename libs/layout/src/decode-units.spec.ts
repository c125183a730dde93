import { MAX_ELEMENT_UNITS, STRUCT_DECODE_WEIGHT, loadSchema, sliceElementUnits, type ElementLayout, type SchemaLayout } from '@karmem-ts/layout';

function layoutOf(schema: string): SchemaLayout {
  const loaded = loadSchema(schema);
  if (!loaded.layout) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.layout;
}

/** The element layout of slice field `struct.field`. */
function element(layout: SchemaLayout, struct: string, field: string): ElementLayout {
  const type = layout.structsByName.get(struct)!.fields.find((f) => f.name === field)!.type;
  if (type.kind !== 'slice') throw new Error(`${struct}.${field} is not a slice`);
  return type.element;
}

describe('sliceElementUnits', () => {
  const layout = layoutOf(`karmem u;
struct Big table { A [4096]uint8; }
struct Small table { X uint32; Kids []Holder; }
struct Holder inline { B Big; }
struct Pair inline { H [2]Holder; S Small; }
struct Plain inline { X uint32; Y uint16; }
struct Root table {
    Bytes []uint8;
    Floats []float64;
    Plains []Plain;
    Holders []Holder;
    Pairs []Pair;
}`);
  const big = layout.structsByName.get('Big')!.size;
  const small = layout.structsByName.get('Small')!.size;

  it('charges scalars their size, and structs 8 units per byte', () => {
    expect(sliceElementUnits(layout, element(layout, 'Root', 'Bytes'))).toBe(1);
    expect(sliceElementUnits(layout, element(layout, 'Root', 'Floats'))).toBe(8);
    expect(sliceElementUnits(layout, element(layout, 'Root', 'Plains'))).toBe(STRUCT_DECODE_WEIGHT * 8);
  });

  it('counts every table an element points to at its schema size, through inline structs and fixed arrays', () => {
    expect(big).toBe(4 + 4096);
    // Holder: a 4-byte pointer (padded to 8) to a whole Big.
    expect(sliceElementUnits(layout, element(layout, 'Root', 'Holders'))).toBe(STRUCT_DECODE_WEIGHT * (8 + big));
    // Pair: two Holders by value (two Bigs) and one Small; Small's own slice is charged when it is decoded.
    const pairSize = layout.structsByName.get('Pair')!.size;
    expect(sliceElementUnits(layout, element(layout, 'Root', 'Pairs'))).toBe(STRUCT_DECODE_WEIGHT * (pairSize + 2 * big + small));
    expect(sliceElementUnits(layout, element(layout, 'Small', 'Kids'))).toBe(STRUCT_DECODE_WEIGHT * (8 + big));
  });

  // 2^60 paths to T0: a walk without the memo would never end.
  it('stays within u32 for a schema that reaches one table along exponentially many paths', () => {
    const levels = 60;
    let schema = 'karmem e;\nstruct T0 table { A [4096]uint8; }\n';
    for (let i = 1; i <= levels; i++) schema += `struct T${i} table { A T${i - 1}; B T${i - 1}; }\n`;
    schema += `struct Ref inline { T T${levels}; }\nstruct Root table { Refs []Ref; }\n`;
    const deep = layoutOf(schema);
    expect(sliceElementUnits(deep, element(deep, 'Root', 'Refs'))).toBe(MAX_ELEMENT_UNITS);
  });
});
