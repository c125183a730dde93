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
  InvalidElementType: 'KM401',
  NestedCollection: 'KM402',
  InvalidLength: 'KM403',
  InvalidEnumBase: 'KM404',
  EnumWithoutZero: 'KM405',
  EnumValueOutOfRange: 'KM406',
  InvalidTagValue: 'KM407',
  StructTooLarge: 'KM408',
  InvalidFunctionType: 'KM501',
  UnknownInterface: 'KM502',
  UnknownModule: 'KM503',
  DuplicateFunction: 'KM504',
  ModuleDoesNotImplement: 'KM505',
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

export interface RenderOptions {
  /** ANSI colours; the CLI turns them on for terminals only. */
  readonly color?: boolean;
}

const ansi = (on: boolean, code: string) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/**
 * Renders one diagnostic the way compilers do:
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
    `${label(`${diagnostic.severity}[${diagnostic.code}]`)}${bold(`: ${diagnostic.message}`)}`,
    ...renderSnippet(diagnostic.span, source, blue, label),
  ];
  for (const note of diagnostic.notes ?? []) {
    out.push(`${blue('note')}: ${note.message}`);
    out.push(...renderSnippet(note.span, source, blue, blue));
  }
  return out.join('\n');
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], source: string, options: RenderOptions = {}): string {
  return diagnostics.map((d) => renderDiagnostic(d, source, options)).join('\n\n');
}

/** `file:line:col`, the form editors and CI logs link to. */
export function formatLocation(span: Span): string {
  return `${span.file}:${span.line}:${span.column}`;
}

function renderSnippet(span: Span, source: string, gutter: (s: string) => string, caret: (s: string) => string): string[] {
  const lines = source.split(/\r?\n/);
  const text = (lines[span.line - 1] ?? '').replace(/\t/g, ' ');
  const number = String(span.line);
  const pad = ' '.repeat(number.length);
  const width = Math.max(1, Math.min(span.length, text.length - (span.column - 1)));
  return [
    `${pad}${gutter('-->')} ${formatLocation(span)}`,
    `${pad} ${gutter('|')}`,
    `${gutter(number)} ${gutter('|')} ${text}`,
    `${pad} ${gutter('|')} ${' '.repeat(span.column - 1)}${caret('^'.repeat(width))}`,
  ];
}
