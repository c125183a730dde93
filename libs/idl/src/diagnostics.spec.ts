import { compile } from './compile';
import { MANY_FIELDS } from './resolve';
import fc from 'fast-check';
import {
  DiagnosticCodes,
  error,
  escapeControls,
  MAX_RENDERED_DIAGNOSTICS,
  MAX_SNIPPET_WIDTH,
  renderDiagnostic,
  renderDiagnostics,
  snippetLine,
  warning,
} from './diagnostics';
import { summarize } from '../test/helpers';

/** One schema per diagnostic code: [code, source, expected line:col]. */
const NEGATIVE: [string, string, string][] = [
  [DiagnosticCodes.UnexpectedCharacter, 'karmem a;\nstruct A table { X $uint8; }', '2:20'],
  [DiagnosticCodes.UnterminatedComment, 'karmem a;\n/* oops', '2:1'],
  [DiagnosticCodes.UnterminatedQuote, 'karmem a @go.pkg(`x);', '1:10'],
  [DiagnosticCodes.UnterminatedTag, 'karmem a @packed(true;', '1:10'],
  [DiagnosticCodes.InvalidNumber, 'karmem a;\nstruct A table { X [4x]uint8; }', '2:21'],
  [DiagnosticCodes.ExpectedToken, 'karmem a;\nstruct A table { X; }', '2:19'],
  [DiagnosticCodes.MissingHeader, 'struct A table { X uint8; }', '1:1'],
  [DiagnosticCodes.DuplicateHeader, 'karmem a;\nkarmem b;', '2:1'],
  [DiagnosticCodes.UnknownType, 'karmem a;\nstruct A table { X Vec4; }', '2:20'],
  [DiagnosticCodes.DuplicateType, 'karmem a;\nstruct A table {}\nenum A uint8 { Z; }', '3:6'],
  [DiagnosticCodes.DuplicateField, 'karmem a;\nstruct A table { X uint8; X uint16; }', '2:27'],
  [DiagnosticCodes.DuplicateMember, 'karmem a;\nenum E uint8 { Z; Z; }', '2:19'],
  [DiagnosticCodes.InvalidName, 'karmem a;\nstruct A table { x uint8; }', '2:18'],
  [DiagnosticCodes.InvalidPackageName, 'karmem my_app;', '1:8'],
  [DiagnosticCodes.InlineCycle, 'karmem a;\nstruct A inline { B B; }\nstruct B inline { A A; }', '2:8'],
  [DiagnosticCodes.NestingTooDeep, `karmem a;\n${Array.from({ length: 101 }, (_, i) => `struct S${i} inline { N S${i + 1}; }`).join('\n')}\nstruct S101 inline { X uint8; }`, '2:8'],
  [DiagnosticCodes.InvalidElementType, 'karmem a;\nstruct T table {}\nstruct A table { Ts []T; }', '3:23'],
  [DiagnosticCodes.NestedCollection, 'karmem a;\nstruct A table { M [2][]uint8; }', '2:23'],
  [DiagnosticCodes.InvalidLength, 'karmem a;\nstruct A table { M [0]uint8; }', '2:20'],
  [DiagnosticCodes.InvalidEnumBase, 'karmem a;\nenum E float32 { Z; }', '2:8'],
  [DiagnosticCodes.EnumWithoutZero, 'karmem a;\nenum E uint8 { A = 1; }', '2:6'],
  [DiagnosticCodes.EnumValueOutOfRange, 'karmem a;\nenum E uint8 { A; B = 256; }', '2:23'],
  [DiagnosticCodes.InvalidTagValue, 'karmem a @packed(yes);', '1:10'],
  [DiagnosticCodes.InvalidFunctionType, 'karmem a;\ninterface I { F([]uint8); }', '2:17'],
  [DiagnosticCodes.UnknownInterface, 'karmem a;\nmodule m implements Nope;', '2:21'],
  [DiagnosticCodes.UnknownModule, 'karmem a;\ninterface I { F(); }\nmodule m imports I from nowhere;', '3:25'],
  [DiagnosticCodes.DuplicateFunction, 'karmem a;\ninterface I { F(); F(); }', '2:20'],
  [DiagnosticCodes.ModuleDoesNotImplement, 'karmem a;\ninterface I { F(); }\nmodule p;\nmodule m imports I from p;', '4:25'],
];

describe('diagnostics', () => {
  it('has one negative test for every code but those raised by the layout engine', () => {
    const tested = new Set(NEGATIVE.map(([code]) => code));
    const untested = Object.values(DiagnosticCodes).filter((c) => !tested.has(c));
    // StructTooLarge, SharedStructId, EmptyElement and ModuleNameClash: raised and tested in libs/layout; ManyFields and RepeatedTag: warnings, below.
    expect(untested).toEqual([
      DiagnosticCodes.StructTooLarge,
      DiagnosticCodes.ManyFields,
      DiagnosticCodes.SharedStructId,
      DiagnosticCodes.EmptyElement,
      DiagnosticCodes.RepeatedTag,
      DiagnosticCodes.ModuleNameClash,
    ]);
  });

  // Karmem's parser reads a repeated tag's first occurrence (kmparser Tags.Get):
  // reading the last laid `@packed(false) @packed(true)` out differently.
  it('applies the first of a repeated @packed, @id or @key, as Karmem does, and warns (KM412) at each repeat', () => {
    const source = [
      'karmem a @packed(false) @key(one) @packed(true) @key(two);',
      'struct S inline @packed(true) @id(7) @packed(false) @id(9) @packed { X uint8; }',
      'struct T inline @packed(false) { X uint8; }',
    ].join('\n');
    const { schema, diagnostics } = compile(source, 'tags.km');
    expect(diagnostics.map((d) => `${d.severity} ${d.code}@${d.span.line}:${d.span.column} ${d.message}`)).toEqual([
      'warning KM412@1:35 @packed is given again on the header: the first, @packed(false) at 1:10, applies (as in Karmem); remove the repeat',
      'warning KM412@1:49 @key is given again on the header: the first, @key(one) at 1:25, applies (as in Karmem); remove the repeat',
      'warning KM412@2:38 @packed is given again on struct `S`: the first, @packed(true) at 2:17, applies (as in Karmem); remove the repeat',
      'warning KM412@2:53 @id is given again on struct `S`: the first, @id(7) at 2:31, applies (as in Karmem); remove the repeat',
      'warning KM412@2:60 @packed is given again on struct `S`: the first, @packed(true) at 2:17, applies (as in Karmem); remove the repeat',
    ]);
    expect(schema!.packed).toBe(false);
    expect(schema!.key).toBe('one');
    const [s, t] = schema!.structs;
    expect([s!.packed, s!.explicitId, t!.packed]).toEqual([true, 7n, false]);
  });

  it('does not warn about one occurrence of each tag, or repeats of tags it does not read', () => {
    const source = 'karmem a @packed(true) @id(1) @id(2) @x(1) @x(2);\nstruct S inline @id(1) @packed(false) @key(a) @key(b) @y @y { X uint8 @packed @packed; }';
    expect(compile(source, 'ok.km').diagnostics).toEqual([]);
  });

  it(`warns (KM409) about a struct of more than ${MANY_FIELDS} fields, and keeps the schema`, () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `F${i} uint8;`).join(' ');
    expect(compile(`karmem a;\nstruct Wide table { ${fields(MANY_FIELDS)} }`, 'ok.km').diagnostics).toEqual([]);
    const { schema, diagnostics } = compile(`karmem a;\nstruct Wide table { ${fields(MANY_FIELDS + 1)} }`, 'wide.km');
    expect(schema).toBeDefined();
    expect(diagnostics.map((d) => `${d.severity} ${d.code}@${d.span.line}:${d.span.column}`)).toEqual(['warning KM409@2:8']);
    expect(diagnostics[0]!.message).toMatch(/^struct `Wide` has 1001 fields: past 1000, compilers take over a minute/);
  });

  it.each(NEGATIVE)('%s is reported at its place', (code, source, place) => {
    const { schema, diagnostics } = compile(source, 'bad.km');
    expect(schema).toBeUndefined();
    expect(diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.column}`)).toContain(`${code}@${place}`);
  });

  it.each([
    ['struct A table @id {}', '@id takes an unsigned 64-bit integer, not ``'],
    ['struct A table @id(x) {}', '@id takes an unsigned 64-bit integer, not `x`'],
    ['struct A table @id(-1) {}', '@id takes an unsigned 64-bit integer, not `-1`'],
    ['struct A table @id(18446744073709551616) {}', '@id takes an unsigned 64-bit integer, not `18446744073709551616`'],
    ['struct A table @packed(1) {}', '@packed takes `true` or `false`, not `1`'],
  ])('rejects a tag whose value the resolver cannot read (KM407): %s', (struct, message) => {
    const { schema, diagnostics } = compile(`karmem a;\n${struct}`, 'tag.km');
    expect(schema).toBeUndefined();
    expect(diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.column} ${d.message}`)).toEqual([`KM407@2:16 ${message}`]);
  });

  it('reports every problem of a file in one run, in source order', () => {
    const source = `karmem game;
struct Vec3 inline { X float32; Y float32; z float32; }
struct Monster table {
    Pos Vec4;
    Hp  uint8
    Tags []Team;
}
enum Team uint8 { Red = 1; }`;
    expect(summarize(compile(source, 'game.km').diagnostics)).toEqual([
      'KM305@2:44 field name `z` must start with an upper-case letter and hold letters and digits only',
      'KM301@4:9 unknown type `Vec4`; did you mean `Vec3`?',
      'KM201@5:14 expected `;` after field `Hp`',
      'KM401@6:12 enum `Team` cannot be the element of an array or slice; use its base integer type',
      'KM405@8:6 enum `Team` needs a member with value 0 (the default of every field of this type)',
    ]);
  });

  it('names the whole cycle of inline structs', () => {
    const { diagnostics } = compile('karmem a;\nstruct A inline { B [2]B; }\nstruct B inline { C C; }\nstruct C inline { A A; }', 'c.km');
    expect(diagnostics.map((d) => d.message)).toEqual([
      'inline structs contain each other with no end: A -> B -> C -> A; make one of them a table or use a slice',
    ]);
  });

  it('renders file:line:col, the source line and a caret under the span', () => {
    const source = 'karmem game;\nstruct Monster table {\n    Pos Vec4;\n}';
    const [diagnostic] = compile(source, 'game.km').diagnostics;
    expect(renderDiagnostic(diagnostic!, source)).toBe(
      [
        'error[KM301]: unknown type `Vec4`',
        ' --> game.km:3:9',
        '  |',
        '3 |     Pos Vec4;',
        '  |         ^^^^',
      ].join('\n'),
    );
  });

  it('renders notes pointing at the first declaration, and colour only on request', () => {
    const source = 'karmem a;\nstruct A table {}\nstruct A inline {}';
    const { diagnostics } = compile(source, 'dup.km');
    const plain = renderDiagnostics(diagnostics, source);
    expect(plain).toContain('note: first declared here\n --> dup.km:2:8');
    expect(plain).not.toContain('\u001b[');
    expect(renderDiagnostics(diagnostics, source, { color: true })).toContain('\u001b[1;31merror[KM302]');
  });
});

describe('rendering hostile sources', () => {
  const at = (line: number, column: number, length: number, file = 'a.km') => ({ file, line, column, offset: 0, length });
  const unknown = (message: string, span: ReturnType<typeof at>) => ({ code: DiagnosticCodes.UnknownType, severity: 'error' as const, message, span });

  it('shows control characters of a compiled schema and its file name escaped', () => {
    const source = 'karmem a;\nstruct A table { \u001b[2J\rX uint8; }';
    const { diagnostics } = compile(source, 'evil\u001b]0;pwn\u0007.km');
    expect(diagnostics.length).toBeGreaterThan(0);
    const out = renderDiagnostics(diagnostics, source);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(out).toContain('\\u{1b}[2J\\u{d}X');
    expect(out).toContain('evil\\u{1b}]0;pwn\\u{7}.km');
  });

  it('keeps the caret under the span when characters before it are escaped', () => {
    const source = 'karmem a;\nstruct A table { \u001b\u0007 X Vec4; }';
    const lines = renderDiagnostic(unknown('unknown type `Vec4`', at(2, source.split('\n')[1]!.indexOf('Vec4') + 1, 4)), source).split('\n');
    const text = lines[3]!;
    const caret = lines[4]!;
    expect(text).toBe('2 | struct A table { \\u{1b}\\u{7} X Vec4; }');
    expect(text.slice(caret.indexOf('^'), caret.lastIndexOf('^') + 1)).toBe('Vec4');
  });

  it('escapes an echoed token in the message, bidi controls included', () => {
    const diagnostic = unknown('unknown type `A\u202eB\u001b[31m`', at(1, 1, 1));
    expect(renderDiagnostic(diagnostic, 'x').split('\n')[0]).toBe('error[KM301]: unknown type `A\\u{202e}B\\u{1b}[31m`');
  });

  it('clips a 5 MB line around the caret, and a huge message in the middle', () => {
    const filler = 'A'.repeat(5_000_000);
    const line = `struct S table { X ${filler}; Y Nope${filler}; }`;
    const source = `karmem a;\n${line}\n`;
    const diagnostic = unknown(`unknown type \`Nope${filler}\``, at(2, line.indexOf('Nope') + 1, 4 + filler.length));
    const out = renderDiagnostic(diagnostic, source);
    expect(out.length).toBeLessThan(1000);
    const lines = out.split('\n');
    const text = lines[3]!;
    const caret = lines[4]!;
    expect(text).toMatch(/^2 \| …/);
    expect(text.endsWith('…')).toBe(true);
    expect(text.slice(caret.indexOf('^'), caret.indexOf('^') + 4)).toBe('Nope');
    expect(lines[0]).toContain('…');
    expect(lines[0]!.length).toBeLessThan(400);
    // A short line is not clipped.
    expect(renderDiagnostic(unknown('m', at(1, 1, 6)), 'karmem a;')).toContain('1 | karmem a;\n  | ^^^^^^');
  });
});

describe('rendering many diagnostics', () => {
  const manyLines = (n: number) => `karmem a;\n${'$\n'.repeat(n)}`;

  it('renders the first 100 diagnostics of a file, then one line for the rest; the array stays complete', () => {
    const source = manyLines(50_000);
    const { diagnostics } = compile(source, 'dm.km');
    expect(diagnostics).toHaveLength(50_000);
    const out = renderDiagnostics(diagnostics, source);
    expect(out.match(/^error\[KM101\]/gm)).toHaveLength(MAX_RENDERED_DIAGNOSTICS);
    expect(out).toContain(' --> dm.km:101:1\n');
    expect(out).not.toContain('dm.km:102:1');
    expect(out.endsWith('\n\n... and 49900 more errors in dm.km')).toBe(true);
  });

  it('takes a limit, counts warnings apart and escapes the file name', () => {
    const span = { file: 'x\u001b.km', line: 1, column: 1, offset: 0, length: 1 };
    const list = [
      error(DiagnosticCodes.UnknownType, 'a', span),
      error(DiagnosticCodes.UnknownType, 'b', span),
      warning(DiagnosticCodes.ManyFields, 'c', span),
      error(DiagnosticCodes.UnknownType, 'd', span),
    ];
    const out = renderDiagnostics(list, 'x', { limit: 1 });
    expect(out.match(/^error/gm)).toHaveLength(1);
    expect(out.split('\n').pop()).toBe('... and 2 more errors and 1 more warning in x\\u{1b}.km');
    expect(renderDiagnostics(list.slice(0, 3), 'x', { limit: 2 }).split('\n').pop()).toBe('... and 1 more warning in x\\u{1b}.km');
    expect(renderDiagnostics(list, 'x', { limit: 4 })).not.toContain('... and');
    expect(renderDiagnostics(list, 'x', { limit: Infinity }).match(/^(error|warning)/gm)).toHaveLength(4);
  });

  // Before the line index and the clipped window, each diagnostic re-read the
  // source from its start and escaped its whole line: this took many minutes.
  it('renders 50,000 diagnostics on one 1 MB line, each with its own snippet', () => {
    const count = 50_000;
    const cell = 'Ab$\u001b';
    const line = cell.repeat(count) + 'x'.repeat(800_000);
    const source = `karmem a;\n${line}\n`;
    const diagnostics = Array.from({ length: count }, (_, i) =>
      error(DiagnosticCodes.UnexpectedCharacter, 'unexpected character `$`', { file: 'l.km', line: 2, column: i * cell.length + 3, offset: 0, length: 1 }),
    );
    const out = renderDiagnostics(diagnostics, source, { limit: Infinity }).split('\n\n');
    expect(out).toHaveLength(count);
    for (const i of [0, 1, 7_777, count - 1]) {
      const [, location, , text, caret] = out[i]!.split('\n');
      expect(location).toBe(` --> l.km:2:${i * cell.length + 3}`);
      expect(text!.length).toBeLessThan(MAX_SNIPPET_WIDTH + 20);
      expect(text!.slice(caret!.indexOf('^'), caret!.lastIndexOf('^') + 1)).toBe('$');
      const next = i === count - 1 ? 'xxx' : 'Ab$';
      expect(text!.slice(caret!.indexOf('^') - 1, caret!.indexOf('^') + 10)).toBe(`b$\\u{1b}${next}`);
    }
  }, 60_000);

  it('counts lines as the lexer does, a CR before the LF left out', () => {
    const source = 'one\r\ntwo\n\nfour\r';
    expect([1, 2, 3, 4, 5].map((line) => snippetLine(source, { line, column: 1, length: 1 }).text)).toEqual(['one', 'two', '', 'four', '']);
  });
});

/** The snippet as it was computed before windowing: escape the whole line, then clip. */
function referenceSnippet(source: string, span: { line: number; column: number; length: number }) {
  const lines = source.split('\n');
  const raw = (lines[span.line - 1] ?? '').replace(/\r$/, '').replace(/\t/g, ' ');
  const column = Math.min(Math.max(span.column - 1, 0), raw.length);
  const end = Math.min(raw.length, column + Math.max(span.length, 0));
  const before = escapeControls(raw.slice(0, column));
  const inside = escapeControls(raw.slice(column, end));
  const after = escapeControls(raw.slice(end));
  const full = before + inside + after;
  const start = before.length;
  let width = Math.max(1, inside.length);
  if (full.length <= MAX_SNIPPET_WIDTH) return { text: full, start, width };
  const budget = MAX_SNIPPET_WIDTH - 2;
  width = Math.min(width, budget - 1);
  let from = Math.max(0, start - Math.min(40, budget - width));
  const to = Math.min(full.length, from + budget);
  from = Math.max(0, Math.min(from, to - budget));
  const head = from > 0 ? '…' : '';
  const tail = to < full.length ? '…' : '';
  width = Math.max(1, Math.min(width, to - start));
  return { text: `${head}${full.slice(from, to)}${tail}`, start: start - from + head.length, width };
}

describe('snippetLine on long lines', () => {
  it('shows the text around a diagnostic deep in a very long line, escaped, with the caret under it', () => {
    const line = `${'a\t\u001b'.repeat(300_000)}Vec4 ${'z\u202e'.repeat(300_000)}`;
    const source = `karmem a;\n${line}\nnext`;
    const column = line.indexOf('Vec4') + 1;
    const snippet = snippetLine(source, { line: 2, column, length: 4 });
    expect(snippet).toEqual(referenceSnippet(source, { line: 2, column, length: 4 }));
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.text.length).toBe(MAX_SNIPPET_WIDTH);
    expect(snippet.text.slice(snippet.start, snippet.start + snippet.width)).toBe('Vec4');
    expect(snippet.text.slice(snippet.start - 8, snippet.start)).toBe('a \\u{1b}');
    expect(snippet.text.slice(snippet.start + 4, snippet.start + 14)).toBe(' z\\u{202e}');
  });

  it('matches escaping the whole line and then clipping, for any line and span', () => {
    const unit = fc.constantFrom('a', 'B', ' ', '\t', '\r', '\u001b', '\u0007', '\u202e', '\ufeff', 'é', '😀', '\ud800');
    const lineText = fc.oneof(
      fc.array(unit, { maxLength: 60 }).map((u) => u.join('')),
      fc.tuple(fc.array(unit, { maxLength: 20 }), fc.nat({ max: 400 }), fc.array(unit, { maxLength: 20 })).map(([a, n, b]) => a.join('') + b.join('').repeat(n)),
    );
    fc.assert(
      fc.property(fc.array(lineText, { minLength: 1, maxLength: 3 }), fc.nat({ max: 4 }), fc.integer({ min: -2, max: 9000 }), fc.integer({ min: -1, max: 9000 }), (lines, lineIndex, column, length) => {
        const source = lines.join('\n');
        const span = { line: lineIndex + 1, column, length };
        expect(snippetLine(source, span)).toEqual(referenceSnippet(source, span));
      }),
      { numRuns: 500 },
    );
  });
});
