/**
 * `--format github-actions` (alias `--error-format github-actions`, buf's
 * spelling): problems as GitHub Actions workflow commands, one line each,
 * which the runner turns into annotations on the pull request's diff.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import { formatLocation, type Diagnostic, type Span } from '@karmem-ts/idl';

export interface Annotation {
  readonly severity: 'error' | 'warning' | 'notice';
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly title?: string;
  readonly message: string;
}

/** Escapes a command's message: `%`, CR and LF (the runner reads one line per command). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value: as data, plus the `:` and `,` that separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=game.km,line=4,col=9,endLine=4,endColumn=12,title=KM301::unknown type` */
export function workflowCommand(annotation: Annotation): string {
  const properties = (['file', 'line', 'col', 'endLine', 'endColumn', 'title'] as const)
    .filter((key) => annotation[key] !== undefined)
    .map((key) => `${key}=${escapeProperty(String(annotation[key]))}`);
  return `::${annotation.severity}${properties.length > 0 ? ` ${properties.join(',')}` : ''}::${escapeData(annotation.message)}`;
}

/**
 * One annotation per diagnostic. The end is inclusive and found in the source,
 * so a span over several lines ends on the right line; notes (e.g. where a
 * duplicated name was first declared) follow the message on lines of their own.
 */
export function diagnosticAnnotation(diagnostic: Diagnostic, source: string): Annotation {
  const { span } = diagnostic;
  const notes = (diagnostic.notes ?? []).map((note) => `\nnote: ${note.message} (${formatLocation(note.span)})`);
  return { severity: diagnostic.severity, ...spanProperties(span, source), title: diagnostic.code, message: diagnostic.message + notes.join('') };
}

function spanProperties(span: Span, source: string): Pick<Annotation, 'file' | 'line' | 'col' | 'endLine' | 'endColumn'> {
  const start = { file: span.file, line: span.line, col: span.column };
  if (span.length <= 0) return start;
  let endLine = span.line;
  let endColumn = span.column;
  for (let i = span.offset; i < span.offset + span.length - 1 && i < source.length; i++) {
    if (source[i] === '\n') {
      endLine++;
      endColumn = 1;
    } else {
      endColumn++;
    }
  }
  return { ...start, endLine, endColumn };
}

/** Workflow commands for every diagnostic of every file, each ending with a newline. */
export function renderGithubActions(files: readonly { source: string; diagnostics: readonly Diagnostic[] }[]): string {
  return files.flatMap(({ source, diagnostics }) => diagnostics.map((d) => workflowCommand(diagnosticAnnotation(d, source)) + '\n')).join('');
}
