/**
 * Property-based tests: the front end never crashes, whatever the input, and
 * the formatter round-trips random valid schemas.
 */
import fc from 'fast-check';
import { loadSuites } from '@karmem-ts/conformance';
import { compile } from './compile';
import type { Diagnostic } from './diagnostics';
import { format } from './format';
import { lex } from './lexer';
import { parse } from './parser';
import { withoutSpans } from '../test/helpers';

/** Every diagnostic must point inside the source (or at its very end). */
function expectSaneDiagnostics(source: string) {
  const { diagnostics } = compile(source, 'fuzz.km');
  const lines = source.split('\n').length;
  for (const d of diagnostics) {
    expect(d.span.line).toBeGreaterThanOrEqual(1);
    expect(d.span.line).toBeLessThanOrEqual(lines);
    expect(d.span.column).toBeGreaterThanOrEqual(1);
    expect(d.span.offset).toBeLessThanOrEqual(source.length);
    expect(d.message.length).toBeGreaterThan(0);
  }
}

const VOCABULARY = [
  'karmem', 'struct', 'enum', 'inline', 'table', 'interface', 'module', 'implements', 'imports', 'from',
  'uint8', 'int64', 'float32', 'char', 'bool', 'A', 'B', 'Vec3', 'x', '{', '}', '[', ']', '<', '=', '(', ')',
  ';', ',', '-', '0', '7', '4294967296', '0x', '@packed(true)', '@id(1)', '@', '`', '//', '///', '/*', '*/', '\n', '#', 'é',
];

const SOURCES = loadSuites().map((s) => s.schemaSource);

describe('parser fuzzing', () => {
  it('never throws on random token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 80 }), fc.array(fc.constantFrom(' ', '', '\n', '\t')), (tokens, gaps) => {
        const source = tokens.map((t, i) => t + (gaps[i % Math.max(1, gaps.length)] ?? ' ')).join('');
        expectSaneDiagnostics(source);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'binary' }), expectSaneDiagnostics), { numRuns: 300 });
  });

  it('never throws on random mutations of valid schemas', () => {
    const mutation = fc.record({
      source: fc.constantFrom(...SOURCES),
      edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.constantFrom('', ';', '{', '}', '[', ']', 'x', 'struct', '@', '`', '/*', '\n', '9')), { minLength: 1, maxLength: 6 }),
    });
    fc.assert(
      fc.property(mutation, ({ source, edits }) => {
        let text = source;
        for (const [at, cut, insert] of edits) {
          const position = at % (text.length + 1);
          text = text.slice(0, position) + insert + text.slice(position + cut);
        }
        expectSaneDiagnostics(text);
      }),
      { numRuns: 400 },
    );
  });
});

// --- random valid schemas -------------------------------------------------

/** A valid schema may still warn (a repeated @packed: KM412). */
function errorsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

const upperName = fc.tuple(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), fc.stringMatching(/^[A-Za-z0-9]{0,6}$/)).map(([a, b]) => a + b);
/** Tags the resolver reads a value from; a bare `@id` is an error (KM407), so random bare tags avoid them. */
const VALUED_TAGS = new Set(['id']);
const tag = fc.oneof(
  fc.constant('@packed(true)'),
  fc.constant('@packed(false)'),
  fc.constant('@packed()'),
  fc.constant('@id(42)'),
  fc.stringMatching(/^[a-z]{1,5}$/).map((n) => `@x.${n}(\`${n} value\`)`),
  fc
    .stringMatching(/^[a-z]{1,5}$/)
    .filter((n) => !VALUED_TAGS.has(n))
    .map((n) => `@${n}`),
);
const comment = fc.oneof(
  fc.stringMatching(/^[ a-z]{0,10}$/).map((t) => `/// ${t}\n`),
  fc.stringMatching(/^[ a-z]{0,10}$/).map((t) => `// ${t}\n`),
  fc.stringMatching(/^[ a-z]{0,10}$/).map((t) => `/* ${t} */\n`),
);
const trivia = fc.array(comment, { maxLength: 2 }).map((c) => c.join(''));
const space = fc.constantFrom(' ', '  ', '\n', '\t ');
const PRIMITIVES = ['bool', 'byte', 'char', 'uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16', 'int32', 'int64', 'float32', 'float64'];

/** A random schema that must be valid: inline structs only refer to earlier inline structs, so no cycles. */
const validSchema = fc
  .record({
    name: fc.stringMatching(/^[a-z]{1,8}$/),
    headerTags: fc.array(tag, { maxLength: 2 }),
    enumCount: fc.nat({ max: 2 }),
    structs: fc.array(
      fc.record({
        table: fc.boolean(),
        tags: fc.array(tag, { maxLength: 2 }),
        doc: trivia,
        fields: fc.array(fc.record({ name: upperName, pick: fc.nat(), shape: fc.nat({ max: 4 }), n: fc.integer({ min: 1, max: 9 }), doc: trivia, trailing: fc.boolean() }), { maxLength: 6 }),
      }),
      { maxLength: 5 },
    ),
    withInterface: fc.boolean(),
    gap: space,
  })
  .map((r) => {
    const out = [`${'/// package\n'}karmem ${r.name}${r.headerTags.map((t) => ' ' + t).join('')};`];
    const enums = Array.from({ length: r.enumCount }, (_, i) => `E${i}`);
    for (const e of enums) out.push(`enum ${e} int16 {${r.gap}Zero;${r.gap}One = -1; Two = 300;${r.gap}}`);
    const inlines: string[] = [];
    const tables: string[] = [];
    r.structs.forEach((s, i) => {
      const name = `S${i}`;
      const seen = new Set<string>();
      const fields = s.fields
        .filter((f) => !seen.has(f.name) && seen.add(f.name))
        .map((f) => {
          const named = [...PRIMITIVES, ...enums, ...inlines, ...tables];
          const elementPool = [...PRIMITIVES, ...inlines];
          const element = elementPool[f.pick % elementPool.length]!;
          const type = [named[f.pick % named.length]!, `[${f.n}]${element}`, `[]${element}`, `[<${f.n}]${element}`, '[]char'][f.shape]!;
          return `${f.doc}    ${f.name} ${type};${f.trailing ? ' // note' : ''}`;
        });
      out.push(`${s.doc}struct ${name} ${s.table ? 'table' : 'inline'}${s.tags.map((t) => ' ' + t).join('')} {\n${fields.join('\n')}\n}`);
      (s.table ? tables : inlines).push(name);
    });
    const messages = [...inlines, ...tables];
    if (r.withInterface && messages.length > 0) {
      out.push(`interface Api { Call(${messages[0]}) ${messages[messages.length - 1]}; Ping(); }`);
      out.push('module server implements Api;', 'module client imports Api from server;');
    }
    return out.join('\n\n');
  });

describe('format round trip', () => {
  it('parse(format(ast)) gives the same AST for random valid schemas', () => {
    fc.assert(
      fc.property(validSchema, (source) => {
        const first = compile(source, 'r.km');
        expect(errorsOf(first.diagnostics)).toEqual([]);
        const again = parse(format(first.ast), 'r.km');
        expect(errorsOf(again.diagnostics)).toEqual([]);
        expect(withoutSpans(again.ast)).toEqual(withoutSpans(first.ast));
      }),
      { numRuns: 300 },
    );
  });
});

// --- comments anywhere ------------------------------------------------------

/** A comment marked `<n>`, in each form the lexer knows; `//` ones end their line. */
const COMMENT_FORMS = [
  (n: number) => ` /*<${n}>*/ `,
  (n: number) => ` // <${n}>\n`,
  (n: number) => ` /// <${n}>\n`,
  (n: number) => `\n/* <${n}>\n   over two lines */\n`,
  (n: number) => `\n// <${n}>\n`,
];

/** `source` with comments inserted at token boundaries: `picks` are [boundary, form] pairs. */
function withComments(source: string, picks: readonly [number, number][]): string {
  const { tokens } = lex(source, 'c.km');
  const boundaries = [...new Set(tokens.flatMap((t) => [t.span.offset, Math.min(source.length, t.span.offset + t.span.length)]))].sort((a, b) => a - b);
  const inserts = picks.map(([at, form], n) => ({ at: boundaries[at % boundaries.length]!, text: COMMENT_FORMS[form % COMMENT_FORMS.length]!(n) }));
  // Insert from the end so earlier offsets stay valid; equal offsets keep their order.
  let text = source;
  for (const { at, text: comment } of [...inserts].reverse().sort((a, b) => b.at - a.at)) text = text.slice(0, at) + comment + text.slice(at);
  return text;
}

describe('format keeps every comment', () => {
  const picks = fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 12 });

  const check = (source: string, chosen: [number, number][]) => {
    const text = withComments(source, chosen);
    const before = compile(text, 'c.km');
    expect(errorsOf(before.diagnostics)).toEqual([]);
    const once = format(before.ast);
    // Each inserted comment is printed exactly once, and every comment of the source is still there.
    chosen.forEach((_, n) => expect(once.split(`<${n}>`)).toHaveLength(2));
    for (const t of lex(text, 'c.km').tokens) for (const c of [...t.leading, ...t.trailing]) expect(once).toContain(c.text);
    // Formatting again changes nothing, and the schema is the same.
    const after = compile(once, 'c.km');
    expect(errorsOf(after.diagnostics)).toEqual([]);
    expect(format(after.ast)).toBe(once);
    expect(withoutSpans(after.schema)).toEqual(withoutSpans(before.schema));
  };

  it('for the conformance schemas with comments between any tokens', () => {
    fc.assert(fc.property(fc.constantFrom(...SOURCES), picks, check), { numRuns: 300 });
  });

  it('for random valid schemas with comments between any tokens', () => {
    fc.assert(fc.property(validSchema, picks, check), { numRuns: 300 });
  });
});
