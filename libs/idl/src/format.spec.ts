import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSuites } from '@karmem-ts/conformance';
import { format } from './format';
import { parse } from './parser';
import { withoutSpans } from '../test/helpers';

const roundTrip = (source: string) => {
  const first = parse(source, 'a.km');
  expect(first.diagnostics).toEqual([]);
  const text = format(first.ast);
  const second = parse(text, 'a.km');
  expect(second.diagnostics).toEqual([]);
  expect(withoutSpans(second.ast)).toEqual(withoutSpans(first.ast));
  expect(format(second.ast)).toBe(text);
  return text;
};

describe('format', () => {
  it('prints canonical text: aligned columns, one paragraph per declaration, comments kept', () => {
    const source = `/// Package docs.
karmem   game @packed( true )  @golang.package(\`game\`)  ;
// a plain comment
enum Team uint8 {Humans;Orcs;Zombies=7 @deprecated;}
/// A point.
struct Vec3 inline{X float32;Y float32; LongName float32 @json(\`z\`);// trailing
/* inner */ }
interface Physics{Step(Vec3)Vec3;Reset();}
module engine implements Physics imports Physics from engine,   Physics;
// the end`;
    expect(roundTrip(source)).toBe(`/// Package docs.
karmem game @packed(true) @golang.package(\`game\`);

// a plain comment
enum Team uint8 {
    Humans;
    Orcs;
    Zombies = 7 @deprecated;
}

/// A point.
struct Vec3 inline {
    X        float32;
    Y        float32;
    LongName float32 @json(\`z\`); // trailing
    /* inner */
}

interface Physics {
    Step(Vec3) Vec3;
    Reset();
}

module engine implements Physics imports Physics from engine, Physics;

// the end
`);
  });

  it('round-trips the bundled example and every conformance schema', () => {
    const example = readFileSync(join(__dirname, '../../../examples/game/game.km'), 'utf8');
    expect(roundTrip(example)).toBe(example);
    for (const suite of loadSuites()) roundTrip(suite.schemaSource);
  });

  it('keeps empty doc lines and indented doc text', () => {
    roundTrip('karmem a;\n///\n///  two spaces\nstruct A table {}');
  });

  // Each of these comments sat where the AST has no slot for it, and was dropped.
  it.each([
    ['after `{` of a struct', 'struct T table { // first\n    X uint8;\n}', 'struct T table { // first\n    X uint8;\n}'],
    ['after `{` of an enum', 'enum E uint8 { // note\nZ;\n}', 'enum E uint8 { // note\n    Z;\n}'],
    ['between `{` and the first member', 'enum E uint8 { /*x1*/ Z; }', 'enum E uint8 { /*x1*/\n    Z;\n}'],
    ['after `]` of an array type', 'struct T table { A [4] // lc\nuint8; }', 'struct T table {\n    A [4]uint8; // lc\n}'],
    ['after `(` of a function', 'interface I { F(/*x3*/T) T; }', 'interface I {\n    F(T) T; /*x3*/\n}'],
    ['after `)` of a function', 'interface I { F(T) /*x4*/ T; }', 'interface I {\n    F(T) T; /*x4*/\n}'],
    ['after `{` of an interface', 'interface I { // x5\nF(T) T; }', 'interface I { // x5\n    F(T) T;\n}'],
    ['in a struct head', 'struct T /* a */ table @packed /// b\n{ X uint8; }', 'struct T table @packed { /* a */ /// b\n    X uint8;\n}'],
    ['inside a header, member, field and module', 'karmem b /*h*/;\nenum E uint8 { Z = /*m*/ 0; }\nstruct T table { X\n// own line\nuint8; }\nmodule m implements /*i*/ I;', ''],
    ['over several lines inside a field', 'struct T table {\n    /// doc\n    X /* one\n two */ uint8;\n}', 'struct T table {\n    /* one\n two */\n    /// doc\n    X uint8;\n}'],
  ])('keeps a comment %s', (_, declarations, expected) => {
    const source = declarations.startsWith('karmem') ? declarations : `karmem a;\n${declarations}`;
    const text = roundTrip(source);
    if (expected !== '') expect(text).toBe(`karmem a;\n\n${expected}\n`);
    for (const comment of source.match(/\/\/.*|\/\*[^]*?\*\//g)!) expect(text.split(comment)).toHaveLength(2);
  });

  it('keeps the comments of an empty block and does not give a doc comment after `{` to the next member', () => {
    expect(roundTrip('karmem a;\nstruct T table { // empty\n}')).toBe('karmem a;\n\nstruct T table { // empty\n}\n');
    const { ast } = parse('karmem a;\nstruct T table { /// not a doc\n X uint8; }', 'a.km');
    const struct = ast.declarations[0]!;
    expect(struct.kind === 'struct' && [struct.openComment, struct.fields[0]!.doc]).toEqual(['/// not a doc', []]);
  });
});
