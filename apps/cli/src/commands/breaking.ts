import type { Command } from 'commander';
import { formatLocation } from '@karmem-ts/idl';
import { breakingChanges } from '@karmem-ts/layout';
import { CliError, ExitCode, requireLayout, type OutputOptions } from '../io';

export function registerBreaking(program: Command, output: () => OutputOptions): void {
  program
    .command('breaking')
    .description('list every change from <old> to <new> that breaks readers or writers of <old>; exit 1 if any')
    .argument('<old>', 'the schema as it was')
    .argument('<new>', 'the schema as it is now')
    .action((oldFile: string, newFile: string) => {
      const out = output();
      const changes = breakingChanges(requireLayout(oldFile, out).layout, requireLayout(newFile, out).layout);
      if (out.format === 'json') {
        process.stdout.write(JSON.stringify({ breaking: changes.map((c) => ({ location: formatLocation(c.span), message: c.message })) }, null, 2) + '\n');
      } else {
        for (const change of changes) process.stdout.write(`${formatLocation(change.span)}: ${change.message}\n`);
      }
      if (changes.length > 0) throw new CliError('', ExitCode.Problems);
    });
}
