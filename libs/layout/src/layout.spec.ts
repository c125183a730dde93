import { loadSuites } from '@karmem-ts/conformance';
import { describeLayout, loadSchema, structId, type SchemaLayout } from '@karmem-ts/layout';

function layoutOf(source: string): SchemaLayout {
  const result = loadSchema(source, 'test.km');
  if (!result.layout) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.layout;
}

/** `name@offset:size` for each field: the compact golden form. */
function fieldsOf(layout: SchemaLayout, name: string): string[] {
  return layout.structsByName.get(name)!.fields.map((f) => `${f.name}@${f.offset}:${f.size}`);
}

function sizesOf(layout: SchemaLayout, name: string) {
  const s = layout.structsByName.get(name)!;
  return { contentSize: s.contentSize, padding: s.padding, size: s.size };
}

describe('layout: the worked examples of FORMAT.md', () => {
  it('lays out the packed account example (AccountData is 28 bytes, ProfileData 21)', () => {
    const layout = layoutOf(`karmem app @packed(true);
enum SocialNetwork uint8 { Unknown; Facebook; Instagram; Twitter; TikTok; }
struct ProfileData table { Network SocialNetwork; Username []char; ID uint64; }
struct Profile inline { Data ProfileData; }
struct AccountData table { ID uint64; Email []char; Profiles []Profile; }`);
    expect(fieldsOf(layout, 'AccountData')).toEqual(['ID@4:8', 'Email@12:8', 'Profiles@20:8']);
    expect(sizesOf(layout, 'AccountData')).toEqual({ contentSize: 28, padding: 0, size: 28 });
    expect(fieldsOf(layout, 'ProfileData')).toEqual(['Network@4:1', 'Username@5:8', 'ID@13:8']);
    expect(sizesOf(layout, 'ProfileData')).toEqual({ contentSize: 21, padding: 0, size: 21 });
    expect(sizesOf(layout, 'Profile')).toEqual({ contentSize: 4, padding: 0, size: 4 });
    const email = layout.structsByName.get('AccountData')!.fields[1]!.type;
    expect(email).toMatchObject({ kind: 'slice', string: true, size: 8, element: { size: 1 } });
    expect(layout.structsByName.get('AccountData')!.minTableSize).toBe(4);
  });

  it('lays out the non-packed example: 12-byte slice headers and the padding quirk', () => {
    const layout = layoutOf('karmem np;\nstruct P inline { X uint16; }\nstruct T table { A uint8; S []uint16; Ps []P; }');
    expect(sizesOf(layout, 'P')).toEqual({ contentSize: 2, padding: 6, size: 8 });
    expect(fieldsOf(layout, 'T')).toEqual(['A@4:1', 'S@5:12', 'Ps@17:12']);
    expect(sizesOf(layout, 'T')).toEqual({ contentSize: 29, padding: 0, size: 29 });
    expect(layout.structsByName.get('T')!.fields[2]!.type).toMatchObject({ kind: 'slice', element: { kind: 'inline', size: 8 } });
    expect(layout.structsByName.get('T')!.minTableSize).toBe(8);
  });

  it('pads a non-packed inline struct whose content is a multiple of 8 by a full 8 bytes', () => {
    const layout = layoutOf('karmem q;\nstruct Eight inline { A uint64; }\nstruct Twelve inline { A float32; B float32; C float32; }\nstruct Packed inline @packed(true) { A uint64; }');
    expect(sizesOf(layout, 'Eight')).toEqual({ contentSize: 8, padding: 8, size: 16 });
    expect(sizesOf(layout, 'Twelve')).toEqual({ contentSize: 12, padding: 4, size: 16 });
    expect(sizesOf(layout, 'Packed')).toEqual({ contentSize: 8, padding: 0, size: 8 });
  });
});

describe('layout: conformance schemas', () => {
  const suites = new Map(loadSuites().map((s) => [s.name, s]));

  it('lays out every conformance schema', () => {
    for (const suite of suites.values()) expect(loadSchema(suite.schemaSource, suite.schemaFile).diagnostics).toEqual([]);
  });

  it('scene: nested padded inline structs, a packed table in a non-packed document', () => {
    const layout = layoutOf(suites.get('scene')!.schemaSource);
    expect(sizesOf(layout, 'Vec3')).toEqual({ contentSize: 12, padding: 4, size: 16 });
    expect(sizesOf(layout, 'Transform')).toEqual({ contentSize: 36, padding: 4, size: 40 });
    expect(sizesOf(layout, 'MaterialRef')).toEqual({ contentSize: 4, padding: 4, size: 8 });
    expect(fieldsOf(layout, 'Material')).toEqual(['Name@4:8', 'Color@12:4', 'Shininess@16:4']);
    expect(fieldsOf(layout, 'Scene')).toEqual(['Version@4:2', 'Title@6:12', 'Camera@18:40', 'Nodes@58:12', 'Materials@70:12', 'Ambient@82:12', 'Sky@94:8']);
    expect(sizesOf(layout, 'Scene').size).toBe(102);
    expect(fieldsOf(layout, 'Node')).toEqual(['Id@4:4', 'Name@8:12', 'Local@20:40', 'Bounds@60:32', 'Meshes@92:12', 'Visible@104:1']);
  });

  it('textlimits: limited slices keep the slice header; enums keep their base size', () => {
    const layout = layoutOf(suites.get('textlimits')!.schemaSource);
    expect(sizesOf(layout, 'Glyph')).toEqual({ contentSize: 5, padding: 0, size: 5 });
    expect(layout.structsByName.get('Text')!.fields.find((f) => f.name === 'Short')!.type).toMatchObject({ kind: 'slice', limit: 8, string: true, size: 8 });
    const enums = layoutOf(suites.get('enums')!.schemaSource);
    expect(fieldsOf(enums, 'Status')).toEqual(['Level@4:1', 'Delta@5:2', 'Code@7:4', 'Marker@11:8', 'Pair@19:8', 'Pairs@27:8', 'Note@35:8']);
    expect(sizesOf(enums, 'Pair')).toEqual({ contentSize: 3, padding: 5, size: 8 });
  });
});

describe('struct ids', () => {
  it('match the ids the reference generator emits for its game benchmark', () => {
    // Published in Karmem's generated code for game.km (no @key).
    expect(structId('Vec3')).toBe(10268726485798425099n);
    expect(structId('WeaponData')).toBe(15342010214468761012n);
    expect(structId('Weapon')).toBe(8029074423243608167n);
    expect(structId('MonsterData')).toBe(12254962724431809041n);
    expect(structId('Monster')).toBe(5593793986513565154n);
    expect(structId('Monsters')).toBe(14096677544474027661n);
  });

  it('are keyed by @key, overridden by @id', () => {
    const plain = layoutOf('karmem a; struct Vec3 inline { X float32; }').structs[0]!.id;
    const keyed = layoutOf('karmem a @key(`secret`); struct Vec3 inline { X float32; } struct B table @id(7) {}');
    expect(plain).toBe(10268726485798425099n);
    expect(keyed.structs[0]!.id).toBe(structId('Vec3', 'secret'));
    expect(keyed.structs[0]!.id).not.toBe(plain);
    expect(keyed.structs[1]!.id).toBe(7n);
  });
});

describe('struct ids', () => {
  it('warns (KM410) about a struct whose id another struct has, at its @id, and keeps the layout', () => {
    const source = 'karmem a;\nstruct A table @id(42) {}\nstruct B inline @id(42) { X uint8; }\nstruct C table @id(43) {}';
    const result = loadSchema(source, 'ids.km');
    expect(result.layout?.structs.map((s) => s.id)).toEqual([42n, 42n, 43n]);
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code}@${d.span.line}:${d.span.column} ${d.message}`)).toEqual([
      'warning KM410@3:17 struct `B` has the id of struct `A` (42): code that tells messages apart by id cannot tell these two',
    ]);
  });

  it('compares derived ids with explicit ones: an @id equal to another struct\'s derived id is shared', () => {
    const derived = structId('Vec3');
    const result = loadSchema(`karmem a;\nstruct Vec3 inline { X float32; }\nstruct Other table @id(${derived}) {}`, 'ids.km');
    expect(result.diagnostics.map((d) => `${d.code}@${d.span.line}`)).toEqual(['KM410@3']);
    expect(loadSchema('karmem a;\nstruct Vec3 inline { X float32; }\nstruct Other table {}', 'ok.km').diagnostics).toEqual([]);
  });
});

describe('limits', () => {
  it('rejects a struct larger than the largest message', () => {
    const result = loadSchema('karmem a;\nstruct Big inline { A [2147483647]uint64; }', 'big.km');
    expect(result.layout).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code}@${d.span.line}`)).toEqual(['KM408@2']);
  });

  it('rejects a slice or an array of a 0-byte struct (a slice stores its size in bytes: the count would be lost), at the field', () => {
    const result = loadSchema('karmem e;\nstruct E inline @packed(true) { }\nstruct T table {\n    Xs []E;\n    A [2147483647]E;\n}', 'e.km');
    expect(result.layout).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.column}`)).toEqual(['KM411@4:5', 'KM411@5:5']);
    expect(result.diagnostics[0]!.message).toBe('field `Xs` is a slice of `E`, a struct of 0 bytes: nothing of its elements is stored, not even how many there are');
    // An empty struct that is not packed is 8 bytes of padding: a slice of it is fine, as is a 0-byte struct held by value.
    expect(loadSchema('karmem e;\nstruct E inline { }\nstruct P inline @packed(true) { }\nstruct T table { Xs []E; P P; }', 'e.km').layout).toBeDefined();
  });
});

describe('describeLayout', () => {
  it('prints offsets, sizes and notes for people', () => {
    const text = describeLayout(layoutOf('karmem np;\nstruct P inline { X uint16; }\nstruct T table { A uint8; S []uint16; Ps [<4]P; }'));
    expect(text).toBe(`schema np (not packed by default)

struct P inline: size 8 (2 content + 6 padding), id 0x${structId('P').toString(16).padStart(16, '0')}
  @0  X  uint16  2 B

struct T table: size 29 (4-byte header + 25 of fields), read from 8 bytes, id 0x${structId('T').toString(16).padStart(16, '0')}
  @4   A   uint8     1 B
  @5   S   []uint16  12 B  header {offset, size, elementSize}, element 2 B
  @17  Ps  [<4]P     12 B  header {offset, size, elementSize}, element 8 B, at most 4
`);
  });
});

describe('interfaces and modules', () => {
  it('are carried into the layout for glue generators', () => {
    const layout = layoutOf(`karmem app;
struct World table { Tick uint32; }
/// Steps the world.
interface Physics { Step(World) World; Reset(); }
module engine implements Physics;
module tool imports Physics from engine;`);
    expect(layout.interfaces.map((i) => [i.name, i.doc, i.functions.map((f) => [f.name, f.param, f.result])])).toEqual([
      ['Physics', ['Steps the world.'], [['Step', 'World', 'World'], ['Reset', undefined, undefined]]],
    ]);
    expect(layout.modules.map((m) => [m.name, m.implements, m.imports])).toEqual([
      ['engine', ['Physics'], []],
      ['tool', [], [{ interface: 'Physics', from: 'engine' }]],
    ]);
  });
});
