/**
 * Diagnostics: every problem found in a schema, with the span it points at.
 * Rendering (`file:line:col`, the source line and a caret) is one function,
 * used by the CLI and the tests alike.
 */

/** A place in a source file. `line` and `column` are 1-based; `offset`/`length` count UTF-16 units. */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly length: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** Secondary places, e.g. the first declaration of a duplicated name. */
  readonly notes?: readonly { readonly message: string; readonly span: Span }[];
}

/**
 * Stable codes, documented in docs/schema.md. KM1xx: lexing, KM2xx: syntax,
 * KM3xx: names and types, KM4xx: v1 rules, KM5xx: functions and modules.
 */
export const DiagnosticCodes = {
  UnexpectedCharacter: 'KM101',
  UnterminatedComment: 'KM102',
  UnterminatedQuote: 'KM103',
  UnterminatedTag: 'KM104',
  InvalidNumber: 'KM105',
  ExpectedToken: 'KM201',
  MissingHeader: 'KM202',
  DuplicateHeader: 'KM203',
  UnknownType: 'KM301',
  DuplicateType: 'KM302',
  DuplicateField: 'KM303',
  DuplicateMember: 'KM304',
  InvalidName: 'KM305',
  InvalidPackageName: 'KM306',
  InlineCycle: 'KM307',
  NestingTooDeep: 'KM308',
  InvalidElementType: 'KM401',
  NestedCollection: 'KM402',
  InvalidLength: 'KM403',
  InvalidEnumBase: 'KM404',
  EnumWithoutZero: 'KM405',
  EnumValueOutOfRange: 'KM406',
  InvalidTagValue: 'KM407',
  StructTooLarge: 'KM408',
  ManyFields: 'KM409',
  SharedStructId: 'KM410',
  EmptyElement: 'KM411',
  RepeatedTag: 'KM412',
  InvalidFunctionType: 'KM501',
  UnknownInterface: 'KM502',
  UnknownModule: 'KM503',
  DuplicateFunction: 'KM504',
  ModuleDoesNotImplement: 'KM505',
  ModuleNameClash: 'KM506',
} as const;
export type DiagnosticCode = (typeof DiagnosticCodes)[keyof typeof DiagnosticCodes];

export function error(
  code: DiagnosticCode,
  message: string,
  span: Span,
  notes?: Diagnostic['notes'],
): Diagnostic {
  return notes ? { code, severity: 'error', message, span, notes } : { code, severity: 'error', message, span };
}

/** A problem that does not stop the schema from being used: `check` prints it and exits 0. */
export function warning(code: DiagnosticCode, message: string, span: Span): Diagnostic {
  return { code, severity: 'warning', message, span };
}

export interface RenderOptions {
  /** ANSI colours; the CLI turns them on for terminals only. */
  readonly color?: boolean;
  /**
   * Most diagnostics `renderDiagnostics` shows for one call (one file); the
   * rest are summed up in one line. Default MAX_RENDERED_DIAGNOSTICS.
   */
  readonly limit?: number;
}

/**
 * Diagnostics rendered per file by default. A file of garbage gives one per
 * line; past the first screenfuls they only bury the summary.
 */
export const MAX_RENDERED_DIAGNOSTICS = 100;

const ansi = (on: boolean, code: string) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/**
 * Renders one diagnostic the way compilers do. Schema text is untrusted:
 * control characters (terminal escapes, bare CRs, bidi overrides) print as
 * `\u{1b}`, and long lines and messages are clipped around the caret.
 *
 *     error[KM301]: unknown type `Vec4`
 *      --> game.km:12:9
 *        |
 *     12 |     Pos Vec4;
 *        |         ^^^^
 */
export function renderDiagnostic(diagnostic: Diagnostic, source: string, options: RenderOptions = {}): string {
  const color = options.color ?? false;
  const red = ansi(color, '1;31');
  const yellow = ansi(color, '1;33');
  const blue = ansi(color, '1;34');
  const bold = ansi(color, '1');
  const label = diagnostic.severity === 'error' ? red : yellow;
  const out = [
    `${label(`${diagnostic.severity}[${diagnostic.code}]`)}${bold(`: ${displayMessage(diagnostic.message)}`)}`,
    ...renderSnippet(diagnostic.span, source, blue, label),
  ];
  for (const note of diagnostic.notes ?? []) {
    out.push(`${blue('note')}: ${displayMessage(note.message)}`);
    out.push(...renderSnippet(note.span, source, blue, blue));
  }
  return out.join('\n');
}

/**
 * Renders the diagnostics of one source, at most `options.limit` of them; the
 * rest become one line, `... and 49900 more errors in dm.km`. Callers that need
 * every diagnostic (JSON output) read the array itself.
 */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], source: string, options: RenderOptions = {}): string {
  const limit = Math.max(0, options.limit ?? MAX_RENDERED_DIAGNOSTICS);
  const shown = diagnostics.slice(0, limit).map((d) => renderDiagnostic(d, source, options));
  const rest = diagnostics.slice(limit);
  if (rest.length > 0) shown.push(omittedLine(rest));
  return shown.join('\n\n');
}

/** `... and 3 more errors and 1 more warning in a.km` for diagnostics not rendered. */
function omittedLine(rest: readonly Diagnostic[]): string {
  const errors = rest.filter((d) => d.severity === 'error').length;
  const warnings = rest.length - errors;
  const counts = [
    errors > 0 ? `${errors} more error${errors === 1 ? '' : 's'}` : '',
    warnings > 0 ? `${warnings} more warning${warnings === 1 ? '' : 's'}` : '',
  ].filter((c) => c !== '');
  return `... and ${counts.join(' and ')} in ${escapeControls(rest[0]!.span.file)}`;
}

/** `file:line:col`, the form editors and CI logs link to. */
export function formatLocation(span: Span): string {
  return `${escapeControls(span.file)}:${span.line}:${span.column}`;
}

/** Longest source line shown, in characters; longer ones are clipped around the caret. */
export const MAX_SNIPPET_WIDTH = 160;
/** Longest message shown; a message echoing a huge token is clipped in the middle. */
export const MAX_MESSAGE_LENGTH = 300;

/**
 * Characters that must not reach a terminal raw: C0 controls (ESC, bare CR,
 * NUL...), DEL, C1 controls, line and paragraph separators, bidi controls
 * (they reorder what the reader sees) and the BOM.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]/g;

/** `text` with every unsafe character shown as `\u{1b}`. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

function displayMessage(message: string): string {
  // Escape only the two ends of a huge message: escaping never shortens text,
  // so the result is the same as escaping it all, without the cost.
  if (message.length > 2 * MAX_MESSAGE_LENGTH) {
    message = message.slice(0, MAX_MESSAGE_LENGTH) + message.slice(message.length - MAX_MESSAGE_LENGTH);
  }
  const safe = escapeControls(message);
  if (safe.length <= MAX_MESSAGE_LENGTH) return safe;
  const half = Math.floor((MAX_MESSAGE_LENGTH - 1) / 2);
  return `${safe.slice(0, half)}…${safe.slice(safe.length - half)}`;
}

function renderSnippet(span: Span, source: string, gutter: (s: string) => string, caret: (s: string) => string): string[] {
  const { text, start, width } = snippetLine(source, span);
  const number = String(span.line);
  const pad = ' '.repeat(number.length);
  return [
    `${pad}${gutter('-->')} ${formatLocation(span)}`,
    `${pad} ${gutter('|')}`,
    `${gutter(number)} ${gutter('|')} ${text}`,
    `${pad} ${gutter('|')} ${' '.repeat(start)}${caret('^'.repeat(width))}`,
  ];
}

/**
 * The source line as shown (escaped, tabs as spaces, clipped to
 * MAX_SNIPPET_WIDTH around the span with `…` where cut) and where the caret
 * goes in it. Only a window of the line around the span is read, so a
 * diagnostic deep in a megabyte line costs no more than one on a short line.
 */
export function snippetLine(source: string, span: Pick<Span, 'line' | 'column' | 'length'>): { text: string; start: number; width: number } {
  const line = lineRange(source, span.line);
  const length = line.end - line.start;
  const column = Math.min(Math.max(span.column - 1, 0), length);
  const end = Math.min(length, column + Math.max(span.length, 0));
  // Escaping never shortens text, so MAX_SNIPPET_WIDTH raw characters on each
  // side of the caret fill the window whatever happens to them.
  const from = column > MAX_SNIPPET_WIDTH ? safeCut(source, line.start + column - MAX_SNIPPET_WIDTH) : line.start;
  const insideEnd = end - column > MAX_SNIPPET_WIDTH ? safeCut(source, line.start + column + MAX_SNIPPET_WIDTH) : line.start + end;
  const to = line.end - insideEnd > MAX_SNIPPET_WIDTH ? safeCut(source, insideEnd + MAX_SNIPPET_WIDTH) : line.end;
  const show = (a: number, b: number) => escapeControls(source.slice(a, b).replace(/\t/g, ' '));
  // Escape the three parts apart so the caret stays under the span.
  const before = show(from, line.start + column);
  const inside = show(line.start + column, insideEnd);
  const after = show(insideEnd, to);
  return clipSnippet(before, inside, after, from > line.start, to < line.end);
}

/**
 * Fits `before + inside + after` into MAX_SNIPPET_WIDTH, keeping a little
 * context before the span. `cutBefore`/`cutAfter` say the line goes on past
 * the text given, which then always reaches past the window.
 */
function clipSnippet(before: string, inside: string, after: string, cutBefore: boolean, cutAfter: boolean): { text: string; start: number; width: number } {
  const full = before + inside + after;
  const start = before.length;
  let width = Math.max(1, inside.length);
  if (!cutBefore && !cutAfter && full.length <= MAX_SNIPPET_WIDTH) return { text: full, start, width };
  const budget = MAX_SNIPPET_WIDTH - 2;
  width = Math.min(width, budget - 1);
  let from = Math.max(0, start - Math.min(40, budget - width));
  const to = Math.min(full.length, from + budget);
  from = Math.max(0, Math.min(from, to - budget));
  const head = from > 0 || cutBefore ? '…' : '';
  const tail = to < full.length || cutAfter ? '…' : '';
  width = Math.max(1, Math.min(width, to - start));
  return { text: `${head}${full.slice(from, to)}${tail}`, start: start - from + head.length, width };
}

/** Where to clip the window at `offset`: one unit earlier if it would split a surrogate pair. */
function safeCut(source: string, offset: number): number {
  const code = source.charCodeAt(offset);
  return code >= 0xdc00 && code <= 0xdfff ? offset - 1 : offset;
}

/** Where each line starts, for the last source seen: renderDiagnostics looks up many lines of one source. */
let lineIndex: { source: string; starts: number[] } | undefined;

function lineStarts(source: string): number[] {
  if (lineIndex?.source !== source) {
    const starts = [0];
    for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
    lineIndex = { source, starts };
  }
  return lineIndex.starts;
}

/** Offsets of line `n` (1-based) in `source`, without its terminator; lines end at LF as the lexer counts them. */
function lineRange(source: string, n: number): { start: number; end: number } {
  const starts = lineStarts(source);
  const index = Math.max(1, n);
  const start = starts[index - 1];
  if (start === undefined) return { start: source.length, end: source.length };
  let end = index < starts.length ? starts[index]! - 1 : source.length;
  if (end > start && source[end - 1] === '\r') end--;
  return { start, end };
}
