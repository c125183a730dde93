import { holdsTable, isRecursiveSlice, loadSchema, reaches, structsHeld, structsReached } from '@karmem-ts/layout';

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
});
