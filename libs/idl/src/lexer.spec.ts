import { lex } from './lexer';

const kinds = (source: string) => lex(source, 't.km').tokens.map((t) => `${t.kind}:${t.text}`);

describe('lexer', () => {
  it('splits identifiers, numbers, punctuation and tags', () => {
    expect(kinds('struct A inline @packed(true) { X [<8]uint16; }')).toEqual([
      'ident:struct', 'ident:A', 'ident:inline', 'tag:@packed(true)', 'punct:{',
      'ident:X', 'punct:[', 'punct:<', 'number:8', 'punct:]', 'ident:uint16', 'punct:;', 'punct:}', 'eof:',
    ]);
  });

  it('reads tag names with dots and values bare or back-quoted', () => {
    const tags = lex('karmem a @golang.package(`my pkg)`) @packed() @key( secret ) @flag;', 't').tokens.filter((t) => t.kind === 'tag');
    expect(tags.map((t) => [t.tagName, t.tagValue, t.tagQuoted])).toEqual([
      ['golang.package', 'my pkg)', true],
      ['packed', '', false],
      ['key', 'secret', false],
      ['flag', undefined, undefined],
    ]);
  });

  it('gives 1-based line and column spans', () => {
    const { tokens } = lex('karmem a;\n\n  struct', 'f.km');
    expect(tokens[3]!.span).toEqual({ file: 'f.km', line: 3, column: 3, offset: 13, length: 6 });
  });

  it('keeps doc, line and block comments as trivia, trailing ones on their token', () => {
    const { tokens } = lex('/// doc\n// plain\nA; // after A\n/* block */ B', 't');
    const a = tokens[0]!;
    expect(a.leading.map((c) => c.kind)).toEqual(['doc', 'line']);
    expect(tokens[1]!.trailing.map((c) => c.text)).toEqual(['// after A']);
    expect(tokens[2]!.leading.map((c) => c.text)).toEqual(['/* block */']);
  });

  it('treats //// as a plain comment, not a doc comment', () => {
    expect(lex('//// banner\nA', 't').tokens[0]!.leading[0]!.kind).toBe('line');
  });

  it.each([
    ['struct A # inline', 'KM101', 1, 10],
    ['/* never closed', 'KM102', 1, 1],
    ['karmem a @go.pkg(`open', 'KM103', 1, 10],
    ['karmem a @packed(true;', 'KM104', 1, 10],
    ['X [12abc]uint8;', 'KM105', 1, 4],
    ['X [0x]uint8;', 'KM105', 1, 4],
  ])('reports %j as %s at %i:%i', (source, code, line, column) => {
    const { diagnostics } = lex(source, 't');
    expect(diagnostics.map((d) => [d.code, d.span.line, d.span.column])).toEqual([[code, line, column]]);
  });

  it('reports a run of unknown characters once', () => {
    expect(lex('A ### B', 't').diagnostics).toHaveLength(1);
  });

  it('keeps a run of unknown characters going across blanks, not across lines or tokens', () => {
    const places = (source: string) => lex(source, 't').diagnostics.map((d) => `${d.span.line}:${d.span.column}`);
    expect(places('$ $\t$ '.repeat(1000))).toEqual(['1:1']);
    expect(places('$\n$ \n $')).toEqual(['1:1', '2:1', '3:2']);
    expect(places('$ A $ /* c */ $')).toEqual(['1:1', '1:5', '1:15']);
  });
});
