import type { Command } from 'commander';
import { formatLocation } from '@karmem-ts/idl';
import { breakingChanges, loadSchema, type BreakingChange } from '@karmem-ts/layout';
import { workflowCommand, type Annotation } from '../github-actions';
import { readFileAtRef } from '../git';
import { CliError, ExitCode, reportDiagnostics, requireLayout, type OutputOptions } from '../io';

interface BreakingOptions {
  readonly against?: string;
}

/** The changes found for one schema, and the file they are reported against. */
interface Comparison {
  readonly file: string;
  readonly changes: readonly BreakingChange[];
}

export function registerBreaking(program: Command, output: () => OutputOptions): void {
  program
    .command('breaking')
    .description(
      'list every change that breaks readers or writers of the old schema; exit 1 if any.\n' +
        '`breaking <old> <new>` compares two files; `breaking <schemas...> --against <git-ref>` compares each schema with itself at the ref',
    )
    .argument('<schemas...>', '<old> <new>, or with --against the schemas as they are now')
    .option('--against <git-ref>', 'compare each schema with the same file at this git ref (a commit, branch or tag)')
    .action((files: string[], options: BreakingOptions) => {
      const out = output();
      const comparisons = options.against === undefined ? [compareFiles(files, out)] : files.flatMap((file) => compareAgainst(file, options.against!, out));
      print(comparisons, out);
      if (comparisons.some((c) => c.changes.length > 0)) throw new CliError('', ExitCode.Problems);
    });
}

function compareFiles(files: readonly string[], out: OutputOptions): Comparison {
  if (files.length !== 2) throw new CliError(`breaking takes <old> <new> (got ${files.length} file${files.length === 1 ? '' : 's'}), or schemas with --against <git-ref>`, ExitCode.Usage);
  const [oldFile, newFile] = files as [string, string];
  return { file: newFile, changes: breakingChanges(requireLayout(oldFile, out).layout, requireLayout(newFile, out).layout) };
}

/** One schema against itself at `ref`; none when the file is new since then (nothing to break). */
function compareAgainst(file: string, ref: string, out: OutputOptions): Comparison[] {
  const now = requireLayout(file, out);
  const before = readFileAtRef(file, ref);
  if (before.source === undefined) {
    note(`${file} is not in ${ref}: a new schema has nothing to break`, file, out);
    return [];
  }
  const old = { file: before.name, source: before.source, ...loadSchema(before.source, before.name) };
  if (!old.layout) {
    reportDiagnostics([old], out);
    throw new CliError(`${before.name} has errors: fix them in history or compare against another ref`, ExitCode.Problems);
  }
  return [{ file, changes: breakingChanges(old.layout, now.layout) }];
}

function note(message: string, file: string, out: OutputOptions): void {
  if (out.format === 'github-actions') process.stdout.write(workflowCommand({ severity: 'notice', file, message }) + '\n');
  else process.stderr.write(`note: ${message}\n`);
}

function print(comparisons: readonly Comparison[], out: OutputOptions): void {
  const all = comparisons.flatMap(({ file, changes }) => changes.map((change) => ({ file, change })));
  if (out.format === 'json') {
    process.stdout.write(JSON.stringify({ breaking: all.map(({ change: c }) => ({ location: formatLocation(c.span), message: c.message })) }, null, 2) + '\n');
  } else if (out.format === 'github-actions') {
    for (const { file, change } of all) process.stdout.write(workflowCommand(annotation(file, change)) + '\n');
  } else {
    for (const { change } of all) process.stdout.write(`${formatLocation(change.span)}: ${change.message}\n`);
  }
}

/**
 * A change found in the new file points at its line; one only the old schema
 * had (a removed type) is put on the new file, naming where it was.
 */
function annotation(file: string, change: BreakingChange): Annotation {
  const title = 'breaking change';
  if (change.span.file === file) return { severity: 'error', file, line: change.span.line, col: change.span.column, title, message: change.message };
  return { severity: 'error', file, title, message: `${change.message} (it was at ${formatLocation(change.span)})` };
}
