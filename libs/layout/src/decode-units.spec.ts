import { DECODE_BUDGET_FACTOR, DECODE_BUDGET_FLOOR, MAX_ELEMENT_UNITS, STRUCT_DECODE_WEIGHT, decodeFitsDefaultBudget, loadSchema, sliceElementUnits, structDecodeUnits, type ElementLayout, type SchemaLayout } from '@karmem-ts/layout';

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

describe('decodeFitsDefaultBudget', () => {
  const slices = (n: number) => Array.from({ length: n }, (_, i) => `S${i} []uint8;`).join(' ');
  const layout = layoutOf(`karmem f;
struct Record table { Id uint32; Name []char; Samples []float32; }
struct Seven table { ${slices(7)} }
struct Eight table { ${slices(8)} }
struct Text inline { T []char; }
struct FourTexts table { A [4]Text; }
struct Inner table { A []char; B []uint16; C []int64; }
struct TwoInners table { X Inner; Y Inner; D []byte; }
struct ThreeInners table { X Inner; Y Inner; Z Inner; }
struct Vec inline { X float32; }
struct Path table { Points []Vec; }
struct Holds table { P Path; }
struct Wide table { A [65532]uint8; }
struct Wider table { A [65533]uint8; }
struct Recursive table { Kids []Kid; }
struct Kid inline { R Recursive; }`);
  const fits = (name: string) => decodeFitsDefaultBudget(layout, name);

  it('takes a struct whose slices of scalars and strings are at most 7, counted through tables, inline structs and fixed arrays', () => {
    expect(fits('Record')).toBe(true);
    expect(fits('Seven')).toBe(true);
    expect(fits('Eight')).toBe(false);
    expect(fits('FourTexts')).toBe(true); // 4 x 1
    expect(fits('TwoInners')).toBe(true); // 3 + 3 + 1
    expect(fits('ThreeInners')).toBe(false); // 9
  });

  it('refuses any struct that reaches a slice of structs, directly or through a table, and recursive ones', () => {
    expect(fits('Path')).toBe(false);
    expect(fits('Holds')).toBe(false);
    expect(fits('Recursive')).toBe(false);
    expect(fits('Vec')).toBe(true);
  });

  it('refuses a root that costs more than the floor over the factor (whatever the message, it could pass the floor)', () => {
    const limit = DECODE_BUDGET_FLOOR / DECODE_BUDGET_FACTOR;
    expect(structDecodeUnits(layout, 'Wide')).toBe(limit);
    expect(fits('Wide')).toBe(true);
    expect(structDecodeUnits(layout, 'Wider')).toBe(limit + STRUCT_DECODE_WEIGHT);
    expect(fits('Wider')).toBe(false);
  });
});
