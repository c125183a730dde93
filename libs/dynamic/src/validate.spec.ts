import { encodeJson, UnknownTypeError, validateMessage } from '@karmem-ts/dynamic';
import { loadSchema } from '@karmem-ts/layout';

const layout = loadSchema(`karmem v;
enum Mood uint8 { Calm; Loud; }
enum Wide uint64 { Zero; Big = 18446744073709551615; }
struct Point inline { X int32; Y int32; On bool; }
struct Item table { Name []char; At Point; Mood Mood; }
struct Node table { Kids []NodeRef; }
struct NodeRef inline { N Node; }
struct Root table {
    Flag bool;
    Wide Wide;
    Items []ItemRef;
    Flags [3]bool;
    Tree Node;
}
struct ItemRef inline { I Item; }`).layout!;

const item = { Name: 'pen', At: { X: 1, Y: 2, On: true }, Mood: 1 };
const root = { Flag: true, Wide: '18446744073709551615', Items: [{ I: item }, { I: item }], Flags: [true, false, true], Tree: { Kids: [{ N: { Kids: [] } }] } };

/** A sound Root message, with `edit` applied to its bytes. */
function message(edit: (view: DataView, bytes: Uint8Array) => void = () => {}): Uint8Array {
  const bytes = encodeJson(layout, 'Root', root).slice();
  edit(new DataView(bytes.buffer), bytes);
  return bytes;
}

const offsetOf = (struct: string, field: string) => layout.structsByName.get(struct)!.fields.find((f) => f.name === field)!.offset;

describe('validateMessage', () => {
  it('finds nothing wrong with what an encoder writes', () => {
    expect(validateMessage(layout, 'Root', message())).toBeUndefined();
    expect(validateMessage(layout, 'Item', encodeJson(layout, 'Item', item))).toBeUndefined();
  });

  it('names a bool byte that is neither 0 nor 1, with its path and offset', () => {
    const at = offsetOf('Root', 'Flag');
    expect(validateMessage(layout, 'Root', message((v) => v.setUint8(at, 2)))).toEqual({ path: 'Root.Flag', offset: at, message: 'bool byte is 2, not 0 or 1' });
    const flags = offsetOf('Root', 'Flags');
    expect(validateMessage(layout, 'Root', message((v) => v.setUint8(flags + 1, 7)))).toMatchObject({ path: 'Root.Flags[1]', offset: flags + 1 });
  });

  it('names an enum value that is not a member, 64-bit ones included', () => {
    const at = offsetOf('Root', 'Wide');
    expect(validateMessage(layout, 'Root', message((v) => v.setBigUint64(at, 5n, true)))).toEqual({ path: 'Root.Wide', offset: at, message: '5 is not a member of the enum' });
  });

  it('follows slices of tables into their fields', () => {
    const bytes = message();
    const view = new DataView(bytes.buffer);
    const items = view.getUint32(offsetOf('Root', 'Items'), true);
    const second = view.getUint32(items + 8, true); // ItemRef is 8 bytes (4 of padding)
    const mood = second + offsetOf('Item', 'Mood');
    bytes[mood] = 9;
    expect(validateMessage(layout, 'Root', bytes)).toEqual({ path: 'Root.Items[1].I.Mood', offset: mood, message: '9 is not a member of the enum' });
    bytes[mood] = 1;
    bytes[second + offsetOf('Item', 'At') + 8] = 3;
    expect(validateMessage(layout, 'Root', bytes)).toMatchObject({ path: 'Root.Items[1].I.At.On' });
  });

  it('reports a slice or table that runs past the message', () => {
    const header = offsetOf('Root', 'Items');
    expect(validateMessage(layout, 'Root', message((v) => v.setUint32(header + 4, 1 << 20, true)))).toMatchObject({
      path: 'Root.Items',
      offset: header,
      message: expect.stringMatching(/^slice of 1048576 bytes at \d+ passes the end of the message/),
    });
    expect(validateMessage(layout, 'Root', message((v, bytes) => v.setUint32(0, bytes.length + 4, true)))).toMatchObject({ path: 'Root', message: expect.stringMatching(/passes the end/) });
    expect(validateMessage(layout, 'Root', new Uint8Array(3))).toMatchObject({ path: 'Root', offset: 0, message: 'table at 0 needs 8 bytes, the message has 3' });
  });

  it('accepts a table from an older writer (shorter, ending on a field boundary) and refuses one ending inside a field', () => {
    const shorter = message((v) => v.setUint32(0, offsetOf('Root', 'Wide'), true));
    expect(validateMessage(layout, 'Root', shorter)).toBeUndefined();
    expect(validateMessage(layout, 'Root', message((v) => v.setUint32(0, offsetOf('Root', 'Wide') + 3, true)))).toMatchObject({ message: expect.stringMatching(/ends inside a field/) });
  });

  it('bounds a message whose recursive slice points back at its own table', () => {
    const bytes = new Uint8Array(64);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, 16, true); // a Node table of 16 bytes
    view.setUint32(4, 16, true); // Kids at 16,
    view.setUint32(8, 48, true); // 48 bytes: 6 NodeRefs
    view.setUint32(12, 8, true);
    for (let i = 0; i < 6; i++) view.setUint32(16 + i * 8, 0, true); // each back at the root
    expect(validateMessage(layout, 'Node', bytes)).toMatchObject({ message: expect.stringMatching(/nested deeper than 64 levels|expands past/) });
  });

  it('checks an inline root has its content', () => {
    expect(validateMessage(layout, 'Point', new Uint8Array(4))).toEqual({ path: 'Point', offset: 0, message: 'inline root needs 9 bytes, the message has 4' });
    expect(validateMessage(layout, 'Point', new Uint8Array(16))).toBeUndefined();
  });

  it('throws only for a type the schema does not have', () => {
    expect(() => validateMessage(layout, 'Nope', new Uint8Array(8))).toThrow(UnknownTypeError);
  });
});
