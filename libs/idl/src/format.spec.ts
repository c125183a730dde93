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
});
