import { commentLines, type GeneratedFile } from '@karmem-ts/codegen-core';

/**
 * Schema doc text as the lines of one Go doc comment paragraph. gofmt (Go
 * 1.19+) rewrites doc comments with structure: indented lines become code
 * blocks or lists, a lone line between blank ones a heading. Leading blanks
 * and blank lines are dropped, so the generated file stays gofmt-clean
 * whatever the schema's comments hold. Line breaks are kept.
 */
export function docParagraph(lines: readonly string[]): string[] {
  return commentLines(lines)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A Go doc comment: `// text` per line; nothing when there are no lines. */
export function goDoc(file: GeneratedFile, lines: readonly string[]): void {
  for (const line of docParagraph(lines)) file.line(`// ${line}`);
}

/** Splits a paragraph into lines of at most `width` characters. */
export function wrap(paragraph: string, width = 76): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

/** One declaration of a run of struct fields: its doc lines, its name and its type. */
export interface FieldLine {
  readonly doc: readonly string[];
  readonly name: string;
  readonly type: string;
}

/**
 * Struct fields as gofmt prints them: in each run of field lines not broken
 * by a comment, the types start in one column.
 */
export function emitFields(file: GeneratedFile, fields: readonly FieldLine[]): void {
  let run: FieldLine[] = [];
  const flush = () => {
    const width = Math.max(...run.map((f) => f.name.length));
    for (const f of run) file.line(`${f.name.padEnd(width)} ${f.type}`);
    run = [];
  };
  for (const field of fields) {
    // Field comments are not doc comments: gofmt leaves their text alone, but keep them one paragraph too.
    const doc = docParagraph(field.doc);
    if (doc.length > 0) {
      if (run.length > 0) flush();
      for (const line of doc) file.line(`// ${line}`);
    }
    run.push(field);
  }
  if (run.length > 0) flush();
}
