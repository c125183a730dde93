/**
 * Lexer for `.km` schemas. Produces tokens with spans; comments are kept as
 * trivia on the tokens around them so the formatter can print them back and
 * `///` doc comments can reach the generators.
 */
import { DiagnosticCodes, error, type Diagnostic, type Span } from './diagnostics';

export type TokenKind = 'ident' | 'number' | 'tag' | 'punct' | 'eof';

export interface Comment {
  /** `doc` is `///`; `line` is `//`; `block` is `/* ... *\/`. */
  readonly kind: 'doc' | 'line' | 'block';
  /** The comment's text as written, markers included. */
  readonly text: string;
  readonly span: Span;
}

export interface Token {
  readonly kind: TokenKind;
  /** The token's source text; for a tag, the whole `@name(value)`. */
  readonly text: string;
  readonly span: Span;
  /** For tags: the dotted name. */
  readonly tagName?: string;
  /** For tags: the text between the parentheses, without back quotes; undefined when there are none. */
  readonly tagValue?: string;
  /** For tags: whether the value was back-quoted. */
  readonly tagQuoted?: boolean;
  /** Comments between the previous token (or a line break after it) and this one. */
  readonly leading: Comment[];
  /** Comments after this token on the same line. */
  readonly trailing: Comment[];
}

export interface LexResult {
  readonly tokens: Token[];
  readonly diagnostics: Diagnostic[];
}

const PUNCTUATION = new Set([';', '{', '}', '[', ']', '<', '=', '(', ')', ',', '-']);

const isIdentStart = (c: string) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_';
const isIdentPart = (c: string) => isIdentStart(c) || (c >= '0' && c <= '9');
const isDigit = (c: string) => c >= '0' && c <= '9';
const isHexDigit = (c: string) => isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

export function lex(source: string, file: string): LexResult {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  let pending: Comment[] = [];
  /** Whether a line break was seen since the last token: decides trailing vs leading comments. */
  let newlineSinceToken = true;

  const spanAt = (start: number, startLine: number, startLineStart: number, end: number): Span => ({
    file,
    line: startLine,
    column: start - startLineStart + 1,
    offset: start,
    length: Math.max(1, end - start),
  });

  const advance = () => {
    if (source[pos] === '\n') {
      line++;
      lineStart = pos + 1;
      newlineSinceToken = true;
    }
    pos++;
  };

  const pushComment = (comment: Comment) => {
    const previous = tokens[tokens.length - 1];
    if (!newlineSinceToken && previous) previous.trailing.push(comment);
    else pending.push(comment);
  };

  const pushToken = (kind: TokenKind, start: number, startLine: number, startLineStart: number, extra: Partial<Token> = {}) => {
    tokens.push({
      kind,
      text: source.slice(start, pos),
      span: spanAt(start, startLine, startLineStart, pos),
      leading: pending,
      trailing: [],
      ...extra,
    });
    pending = [];
    newlineSinceToken = false;
  };

  while (pos < source.length) {
    const c = source[pos]!;
    const start = pos;
    const startLine = line;
    const startLineStart = lineStart;

    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\uFEFF') {
      advance();
      continue;
    }

    if (c === '/' && source[pos + 1] === '/') {
      while (pos < source.length && source[pos] !== '\n') pos++;
      const text = source.slice(start, pos).replace(/\r$/, '');
      const kind = text.startsWith('///') && !text.startsWith('////') ? 'doc' : 'line';
      pushComment({ kind, text, span: spanAt(start, startLine, startLineStart, pos) });
      continue;
    }

    if (c === '/' && source[pos + 1] === '*') {
      pos += 2;
      while (pos < source.length && !(source[pos] === '*' && source[pos + 1] === '/')) advance();
      if (pos >= source.length) {
        diagnostics.push(error(DiagnosticCodes.UnterminatedComment, 'unterminated block comment', spanAt(start, startLine, startLineStart, start + 2)));
        break;
      }
      pos += 2;
      // A block comment that spans lines is never a trailing comment.
      const text = source.slice(start, pos);
      const wasTrailing = !newlineSinceToken && !text.includes('\n');
      const comment: Comment = { kind: 'block', text, span: spanAt(start, startLine, startLineStart, pos) };
      if (wasTrailing && tokens.length > 0) tokens[tokens.length - 1]!.trailing.push(comment);
      else pending.push(comment);
      continue;
    }

    if (isIdentStart(c)) {
      while (pos < source.length && isIdentPart(source[pos]!)) pos++;
      pushToken('ident', start, startLine, startLineStart);
      continue;
    }

    if (isDigit(c)) {
      if (c === '0' && (source[pos + 1] === 'x' || source[pos + 1] === 'X')) {
        pos += 2;
        while (pos < source.length && isHexDigit(source[pos]!)) pos++;
      } else {
        while (pos < source.length && isDigit(source[pos]!)) pos++;
      }
      if (pos < source.length && isIdentPart(source[pos]!)) {
        while (pos < source.length && isIdentPart(source[pos]!)) pos++;
        diagnostics.push(error(DiagnosticCodes.InvalidNumber, `invalid number \`${source.slice(start, pos)}\``, spanAt(start, startLine, startLineStart, pos)));
        continue;
      }
      if (source.slice(start, pos).toLowerCase() === '0x') {
        diagnostics.push(error(DiagnosticCodes.InvalidNumber, 'hexadecimal number without digits', spanAt(start, startLine, startLineStart, pos)));
        continue;
      }
      pushToken('number', start, startLine, startLineStart);
      continue;
    }

    if (c === '@') {
      pos++;
      // Tag names are dotted identifiers: @packed, @golang.package.
      while (pos < source.length && (isIdentPart(source[pos]!) || source[pos] === '.')) pos++;
      const tagName = source.slice(start + 1, pos);
      if (tagName === '' || !isIdentStart(tagName[0]!) || tagName.endsWith('.') || tagName.includes('..')) {
        diagnostics.push(error(DiagnosticCodes.UnexpectedCharacter, 'expected a tag name after `@`', spanAt(start, startLine, startLineStart, pos)));
        continue;
      }
      if (source[pos] !== '(') {
        pushToken('tag', start, startLine, startLineStart, { tagName });
        continue;
      }
      const value = lexTagValue(source, pos);
      if (value.kind === 'unterminated') {
        const code = value.quoted ? DiagnosticCodes.UnterminatedQuote : DiagnosticCodes.UnterminatedTag;
        const what = value.quoted ? 'unterminated back-quoted tag value' : `unterminated tag \`@${tagName}(\`: expected \`)\``;
        diagnostics.push(error(code, what, spanAt(start, startLine, startLineStart, pos + 1)));
        // Skip to the end of the line so one typo gives one diagnostic.
        while (pos < source.length && source[pos] !== '\n') pos++;
        continue;
      }
      while (pos < value.end) advance();
      pushToken('tag', start, startLine, startLineStart, { tagName, tagValue: value.value, tagQuoted: value.quoted });
      continue;
    }

    if (PUNCTUATION.has(c)) {
      pos++;
      pushToken('punct', start, startLine, startLineStart);
      continue;
    }

    // Unknown character: report it once per run of unknown characters.
    const codePoint = source.codePointAt(pos)!;
    pos += codePoint > 0xffff ? 2 : 1;
    diagnostics.push(error(DiagnosticCodes.UnexpectedCharacter, `unexpected character \`${String.fromCodePoint(codePoint)}\``, spanAt(start, startLine, startLineStart, pos)));
    pos = endOfStrayRun(source, pos);
  }

  tokens.push({ kind: 'eof', text: '', span: spanAt(pos, line, lineStart, pos), leading: pending, trailing: [] });
  return { tokens, diagnostics };
}

/**
 * Where a run of unknown characters ends. Blanks between them on one line do
 * not end it, so `$ $ $` is one diagnostic rather than one per `$`.
 */
function endOfStrayRun(source: string, pos: number): number {
  for (;;) {
    while (pos < source.length && isStray(source[pos]!)) pos++;
    let next = pos;
    while (source[next] === ' ' || source[next] === '\t') next++;
    if (next === pos || next >= source.length || !isStray(source[next]!)) return pos;
    pos = next;
  }
}

function isStray(c: string): boolean {
  return !(c === ' ' || c === '\t' || c === '\r' || c === '\n' || isIdentPart(c) || PUNCTUATION.has(c) || c === '@' || c === '/');
}

type TagValue = { kind: 'ok'; value: string; quoted: boolean; end: number } | { kind: 'unterminated'; quoted: boolean };

/** Reads `( value )` starting at the `(`: a back-quoted text, or bare text up to the `)` on the same line. */
function lexTagValue(source: string, open: number): TagValue {
  let pos = open + 1;
  while (source[pos] === ' ' || source[pos] === '\t') pos++;
  if (source[pos] === '`') {
    const close = source.indexOf('`', pos + 1);
    if (close < 0) return { kind: 'unterminated', quoted: true };
    const value = source.slice(pos + 1, close);
    let end = close + 1;
    while (source[end] === ' ' || source[end] === '\t') end++;
    if (source[end] !== ')') return { kind: 'unterminated', quoted: false };
    return { kind: 'ok', value, quoted: true, end: end + 1 };
  }
  let end = pos;
  while (end < source.length && source[end] !== ')' && source[end] !== '\n') end++;
  if (source[end] !== ')') return { kind: 'unterminated', quoted: false };
  return { kind: 'ok', value: source.slice(pos, end).trim(), quoted: false, end: end + 1 };
}
