import { parse } from './parser';
import { summarize, withoutSpans } from '../test/helpers';

const GAME = `
karmem game @packed(true) @golang.package(\`game\`);

enum Team uint8 { Humans; Orcs; Zombies = 7; }

struct Vec3 inline { X float32; Y float32; Z float32; }

struct WeaponData table { Damage int32; Range int32; }
struct Weapon inline { Data WeaponData; }

struct MonsterData table {
    Pos      Vec3;
    Name     []char;
    Team     Team;
    Hitbox   [5]float64;
    Weapons  [4]Weapon;
    Path     []Vec3;
    Tags     [<8]uint16;
}
`;

describe('parser', () => {
  it('parses the v1 example of FORMAT.md without diagnostics', () => {
    const { ast, diagnostics } = parse(GAME, 'game.km');
    expect(diagnostics).toEqual([]);
    expect(ast.header.name.text).toBe('game');
    expect(ast.header.tags.map((t) => [t.name, t.value, t.quoted])).toEqual([
      ['packed', 'true', false],
      ['golang.package', 'game', true],
    ]);
    expect(ast.declarations.map((d) => `${d.kind} ${d.name.text}`)).toEqual([
      'enum Team', 'struct Vec3', 'struct WeaponData', 'struct Weapon', 'struct MonsterData',
    ]);
    const monster = ast.declarations[4]!;
    expect(monster.kind === 'struct' && withoutSpans(monster.fields.map((f) => f.type))).toEqual([
      { kind: 'named', name: 'Vec3' },
      { kind: 'slice', element: { kind: 'named', name: 'char' } },
      { kind: 'named', name: 'Team' },
      { kind: 'array', length: '5n', element: { kind: 'named', name: 'float64' } },
      { kind: 'array', length: '4n', element: { kind: 'named', name: 'Weapon' } },
      { kind: 'slice', element: { kind: 'named', name: 'Vec3' } },
      { kind: 'slice', limit: '8n', element: { kind: 'named', name: 'uint16' } },
    ]);
  });

  it('keeps explicit enum values, negative ones included', () => {
    const { ast } = parse('karmem a; enum E int8 { A = -128; B; C = 0x7f; }');
    const e = ast.declarations[0]!;
    expect(e.kind === 'enum' && e.members.map((m) => m.value?.value)).toEqual([-128n, undefined, 127n]);
  });

  it('attaches doc comments to the node they document', () => {
    const { ast } = parse(`/// The package.
karmem a;
/// A point.
/// In 2D.
struct P inline {
    /// Across.
    X float32; // trailing
    // plain
    Y float32;
    // last words
}`);
    expect(ast.header.doc).toEqual(['The package.']);
    const p = ast.declarations[0]!;
    if (p.kind !== 'struct') throw new Error('expected a struct');
    expect(p.doc).toEqual(['A point.', 'In 2D.']);
    expect(p.fields[0]!.doc).toEqual(['Across.']);
    expect(p.fields[0]!.trailingComment).toBe('// trailing');
    expect(p.fields[1]!.comments).toEqual(['// plain']);
    expect(p.innerComments).toEqual(['// last words']);
  });

  it('parses interfaces and modules', () => {
    const { ast, diagnostics } = parse(`karmem app;
interface Physics { Step(World) World; Reset(); Tick() Stats; Push(World); }
module engine @memory(shared) implements Physics imports Log, Clock from clock;`);
    expect(diagnostics).toEqual([]);
    expect(withoutSpans(ast.declarations[0])).toMatchObject({
      kind: 'interface',
      functions: [
        { name: { text: 'Step' }, param: { name: 'World' }, result: { name: 'World' } },
        { name: { text: 'Reset' } },
        { name: { text: 'Tick' }, result: { name: 'Stats' } },
        { name: { text: 'Push' }, param: { name: 'World' } },
      ],
    });
    const m = ast.declarations[1]!;
    expect(m.kind === 'module' && [m.tags[0]!.name, m.implements.map((n) => n.text), m.imports.map((i) => [i.interface.text, i.from?.text])]).toEqual([
      'memory',
      ['Physics'],
      [['Log', undefined], ['Clock', 'clock']],
    ]);
  });

  it('recovers after errors and reports each of them', () => {
    const { ast, diagnostics } = parse(`karmem a;
struct A table {
    X uint8
    Y ;
    Z uint16;
}
struct B { X uint8; }
struct C inline { X uint8; }`);
    expect(summarize(diagnostics)).toEqual([
      'KM201@3:12 expected `;` after field `X`',
      'KM201@4:7 expected a type, found `;`',
      'KM201@7:10 expected `inline` or `table` after struct `B`, found `{`',
    ]);
    expect(ast.declarations.map((d) => d.name.text)).toEqual(['A', 'C']);
  });

  it('reports a missing closing brace before the next declaration', () => {
    const { ast, diagnostics } = parse('karmem a;\nstruct A table {\n  X uint8;\nstruct B table { Y uint8; }');
    expect(summarize(diagnostics)).toEqual(['KM201@4:1 expected `}` before `struct`']);
    expect(ast.declarations.map((d) => d.name.text)).toEqual(['B']);
  });

  it('reports a missing header and a repeated one', () => {
    expect(summarize(parse('struct A table {}').diagnostics)).toEqual(['KM202@1:1 expected the schema header `karmem <name>;` first']);
    expect(summarize(parse('karmem a;\nkarmem b;').diagnostics)).toEqual(['KM203@2:1 the schema header may appear only once, at the top']);
  });

  it('tolerates a stray semicolon after a declaration', () => {
    expect(parse('karmem a; struct A table { X uint8; };').diagnostics).toEqual([]);
  });
});
