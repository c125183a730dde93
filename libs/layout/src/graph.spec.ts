import { elementNeedsCheck, holdsTable, isFlatStruct, isFlatType, isRecursiveSlice, loadSchema, reaches, structsHeld, structsReached, typeNeedsCheck } from '@karmem-ts/layout';

const layout = loadSchema(`karmem g;
struct Leaf table { X uint8; }
struct Wrap inline { L Leaf; }
struct Plain inline { X uint8; }
struct Outer inline { W [2]Wrap; }
struct Node table { Kids []NodeRef; Tag Plain; Ws []Wrap; }
struct NodeRef inline { N Node; }`).layout!;
const field = (s: string, f: string) => layout.structsByName.get(s)!.fields.find((x) => x.name === f)!;

describe('struct graph', () => {
  it('tells held structs from reached ones', () => {
    expect(structsHeld(field('Outer', 'W').type)).toEqual(['Wrap']);
    expect(structsHeld(field('Node', 'Kids').type)).toEqual([]);
    expect(structsReached(field('Node', 'Kids').type)).toEqual(['NodeRef']);
  });

  it('finds slices that lead back to their own struct', () => {
    expect(reaches(layout, 'NodeRef', 'Node')).toBe(true);
    expect(reaches(layout, 'Wrap', 'Node')).toBe(false);
    expect(isRecursiveSlice(layout, layout.structsByName.get('Node')!, field('Node', 'Kids'))).toBe(true);
    expect(isRecursiveSlice(layout, layout.structsByName.get('Node')!, field('Node', 'Ws'))).toBe(false);
  });

  it('knows which inline structs hold tables', () => {
    expect(holdsTable(layout, 'Wrap')).toBe(true);
    expect(holdsTable(layout, 'Outer')).toBe(true);
    expect(holdsTable(layout, 'Plain')).toBe(false);
  });

  it('knows which structs and fields live in their own bytes alone (flat)', () => {
    const flat = loadSchema(`karmem f;
enum Color uint8 { Red; Green; }
struct Vec inline { X float32; Y float32; }
struct Box inline { Min Vec; Corners [4]Vec; Tint Color; Bytes [3]uint8; }
struct Named inline { V Vec; Name []char; }
struct Boxes inline { B [2]Box; }
struct Holder inline { N [1]Named; }
struct Root table { X uint8; }`).layout!;
    expect(['Vec', 'Box', 'Boxes'].filter((s) => isFlatStruct(flat, s))).toEqual(['Vec', 'Box', 'Boxes']);
    expect(isFlatStruct(flat, 'Named')).toBe(false); // a string
    expect(isFlatStruct(flat, 'Holder')).toBe(false); // an array of Named
    expect(isFlatStruct(flat, 'Root')).toBe(false); // a table is pointed to
    expect(isFlatStruct(layout, 'Wrap')).toBe(false); // holds a table pointer
    expect(isFlatStruct(layout, 'Plain')).toBe(true);
    expect(isFlatType(layout, field('Node', 'Tag').type)).toBe(true);
    expect(isFlatType(layout, field('Node', 'Ws').type)).toBe(false);
    expect(isFlatType(layout, field('Outer', 'W').type)).toBe(false);
  });

  it('knows which fields a validator must look at', () => {
    expect(typeNeedsCheck(layout, field('Plain', 'X').type)).toBe(false); // any byte is a uint8
    expect(typeNeedsCheck(layout, field('Wrap', 'L').type)).toBe(true); // a table: its size
    expect(typeNeedsCheck(layout, field('Outer', 'W').type)).toBe(true); // Wraps hold tables
    expect(typeNeedsCheck(layout, field('Node', 'Tag').type)).toBe(false);
    const ws = field('Node', 'Ws').type;
    expect(ws.kind === 'slice' && elementNeedsCheck(layout, ws.element)).toBe(true);
  });
});

describe('deep schemas', () => {
  const chain = (n: number) =>
    ['karmem deep @packed(true);', ...Array.from({ length: n }, (_, i) => `struct S${i} inline { X uint8; N S${i + 1}; }`), `struct S${n} inline { X uint8; }`].join('\n');

  it('lays out structs nested 100 deep', () => {
    const loaded = loadSchema(chain(99));
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.layout!.structsByName.get('S0')!.contentSize).toBe(100);
  });

  it('refuses a 1,500-deep chain with KM308 before laying it out, instead of overflowing the stack', () => {
    const loaded = loadSchema(chain(1500));
    expect(loaded.layout).toBeUndefined();
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['KM308']);
  });
});

