import { loadSuites } from '@karmem-ts/conformance';
import { compile } from './compile';
import { schemaOf, withoutSpans } from '../test/helpers';

describe('resolver', () => {
  it('accepts every schema of the conformance vectors unchanged', () => {
    for (const suite of loadSuites()) {
      for (const [file, source] of [[suite.schemaFile, suite.schemaSource], ...[...suite.otherSchemas.values()].map((s) => [s.file, s.source])]) {
        expect({ file, diagnostics: compile(source!, file).diagnostics }).toEqual({ file, diagnostics: [] });
      }
    }
  });

  it('gives members without a value their position, not previous + 1', () => {
    const schema = schemaOf('karmem a; enum E uint8 { A; B = 5; C; D = 1; }');
    expect(schema.enums[0]!.members.map((m) => [m.name, m.value])).toEqual([['A', 0n], ['B', 5n], ['C', 2n], ['D', 1n]]);
  });

  it('takes packing from the struct tag, else from the document', () => {
    const schema = schemaOf(`karmem a @packed(true);
struct A inline { X uint8; }
struct B inline @packed(false) { X uint8; }
struct C table @packed() { X uint8; }`);
    expect(schema.structs.map((s) => [s.name, s.packed])).toEqual([['A', true], ['B', false], ['C', true]]);
    expect(schemaOf('karmem a; struct A inline { X uint8; }').structs[0]!.packed).toBe(false);
  });

  it('resolves declarations in any order', () => {
    const schema = schemaOf(`karmem a;
struct Outer table { In Inner; Kind Kind; Many []Inner; }
struct Inner inline { Ref Leaf; }
struct Leaf table { X uint8; }
enum Kind int16 { Zero; }`);
    expect(withoutSpans(schema.structs[0]!.fields.map((f) => f.type))).toEqual([
      { kind: 'struct', name: 'Inner' },
      { kind: 'enum', name: 'Kind' },
      { kind: 'slice', element: { kind: 'struct', name: 'Inner' } },
    ]);
  });

  it('normalizes a byte enum base and keeps unknown tags', () => {
    const schema = schemaOf('karmem a @custom.option(`x`); enum E byte @note(y) { Z; }');
    expect(schema.enums[0]!.base).toBe('uint8');
    expect(schema.tags.map((t) => t.name)).toEqual(['custom.option']);
    expect(schema.enums[0]!.tags.map((t) => t.value)).toEqual(['y']);
  });

  it('reads @id and @key', () => {
    const schema = schemaOf('karmem a @key(`secret`); struct A table @id(42) { X uint8; } struct B table @id(0xffffffffffffffff) {}');
    expect(schema.key).toBe('secret');
    expect(schema.structs.map((s) => s.explicitId)).toEqual([42n, 0xffffffffffffffffn]);
  });

  it('allows recursion through slices, which may be empty', () => {
    expect(() => schemaOf('karmem a; struct Node table { Kids []Ref; } struct Ref inline { N Node; }')).not.toThrow();
  });

  it('rejects a table that always contains itself: its default value would never end', () => {
    const { diagnostics } = compile('karmem a;\nstruct Node table { Next Ref; }\nstruct Ref inline { N Node; }', 'r.km');
    expect(diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.column} ${d.message}`)).toEqual([
      'KM307@2:8 structs contain each other with no end (a table field always holds a table, so the default value would never end): Node -> Ref -> Node; use a slice of an inline wrapper, which may be empty',
    ]);
  });

  it('resolves interfaces and modules', () => {
    const schema = schemaOf(`karmem app;
struct World table { Tick uint32; }
struct Line table { Text []char; }
interface Physics { Step(World) World; Reset(); }
interface Log { Write(Line); }
module logger implements Log;
module engine implements Physics imports Log from logger;
module tool imports Log;`);
    expect(schema.interfaces.map((i) => [i.name, i.functions.map((f) => [f.name, f.param, f.result])])).toEqual([
      ['Physics', [['Step', 'World', 'World'], ['Reset', undefined, undefined]]],
      ['Log', [['Write', 'Line', undefined]]],
    ]);
    expect(schema.modules.map((m) => [m.name, m.implements, m.imports])).toEqual([
      ['logger', ['Log'], []],
      ['engine', ['Physics'], [{ interface: 'Log', from: 'logger' }]],
      ['tool', [], [{ interface: 'Log' }]],
    ]);
  });
});

describe('nesting depth (KM308)', () => {
  const chain = (n: number, kind: 'inline' | 'table' | 'slice') => {
    const lines = ['karmem deep;'];
    for (let i = 0; i < n; i++) {
      if (kind === 'slice') lines.push(`struct S${i} inline { X uint8; N []S${i + 1}; }`);
      else lines.push(`struct S${i} ${kind} { X uint8; N S${i + 1}; }`);
    }
    lines.push(`struct S${n} ${kind === 'table' ? 'table' : 'inline'} { X uint8; }`);
    return lines.join('\n');
  };
  const codes = (source: string) => compile(source, 'deep.km').diagnostics.map((d) => d.code);

  it('accepts structs nested 100 deep', () => {
    expect(codes(chain(99, 'inline'))).toEqual([]);
    expect(codes(chain(99, 'slice'))).toEqual([]);
  });

  it.each([
    [1500, 'inline'],
    [5000, 'table'],
    [3000, 'slice'],
  ] as const)('refuses a chain of %i %s structs once, where it starts, without overflowing the stack', (n, kind) => {
    const { diagnostics } = compile(chain(n, kind), 'deep.km');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'KM308', span: { line: 2 } });
    expect(diagnostics[0]!.message).toBe(`structs nest ${n + 1} deep from \`S0\` (S0 -> S1 -> S2 -> S3 -> ...); at most 100 levels are allowed`);
  });

  it('does not count slices through which a struct reaches itself: decoders bound those at run time', () => {
    expect(codes('karmem t;\nstruct Node table { Kids []NodeRef; }\nstruct NodeRef inline { N Node; }')).toEqual([]);
  });

  it('still names a containment cycle (KM307) in a long chain, iteratively', () => {
    expect(codes(chain(3000, 'inline').replace('struct S3000 inline { X uint8; }', 'struct S3000 inline { X S0; }'))).toEqual(['KM307']);
  });
});
