/**
 * Schema text (doc comments, the schema's path) printed into generated code
 * as comments. A comment must end where the generator says, never where the
 * text says: every line terminator any target recognises splits the text into
 * separate comment lines, and what could still end a comment early or start
 * a new line is escaped.
 *
 * - Line terminators: LF, CR, CRLF (C and JS), U+2028 and U+2029 (JS).
 * - Other control characters (C0, DEL, C1, NUL) and the BOM print as
 *   `\u{1b}`: visible, and inert in every target.
 * - `*\/` prints as `*\\/` and `/*` as `/\\*` (C warns about `/*` inside a block comment).
 * - A `\` ending a line would splice the next line into a C `//` comment:
 *   it prints as `\u{5c}`. So does the trigraph `??/` (C11 with trigraphs).
 */

/** Every line terminator a target language recognises (CRLF first: one break, not two). */
const LINE_TERMINATORS = /\r\n|[\n\r\u2028\u2029]/;

/** Control characters shown escaped; tab is kept, it is harmless in a comment. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff]/g;

/** `\u{1b}` for one character. */
export function escapeCodePoint(char: string): string {
  return `\\u{${char.codePointAt(0)!.toString(16)}}`;
}

/** Splits schema text into lines on every line terminator of JS and C. */
export function splitLines(text: string): string[] {
  return text.split(LINE_TERMINATORS);
}

/**
 * One line of comment text, safe in a `//` or a `/* *\/` comment of any
 * target. `text` must hold no line terminator (split it first).
 */
export function commentText(text: string): string {
  let safe = text.replace(CONTROL, escapeCodePoint).replace(/\u2028|\u2029|\r|\n/g, escapeCodePoint);
  safe = safe.replace(/\*\//g, '*\\/');
  // `/*` inside a block comment: C compilers warn (-Wcomment, fatal with -Werror).
  safe = safe.replace(/\/\*/g, '/\\*');
  // Trigraph `??/` is a backslash in C with trigraphs on: show its last character escaped.
  safe = safe.replace(/\?\?\//g, '??\\u{2f}');
  // A backslash ending the line (trailing blanks do not help: compilers splice `\ ` too).
  safe = safe.trimEnd();
  if (safe.endsWith('\\')) safe = `${safe.slice(0, -1)}\\u{5c}`;
  return safe;
}

/** Doc lines as the comment lines to print: split on every terminator, each escaped. */
export function commentLines(lines: readonly string[]): string[] {
  return lines.flatMap(splitLines).map(commentText);
}

/** A schema path (or any one-line text) for a header line: control characters and terminators escaped. */
export function headerText(text: string): string {
  return commentText(text);
}
