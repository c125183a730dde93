import type { Command } from 'commander';
import { ExitCode, CliError, loadSchemaFile, reportDiagnostics, type OutputOptions } from '../io';

export function registerCheck(program: Command, output: () => OutputOptions): void {
  program
    .command('check')
    .description('parse, resolve and lay out schemas; report every problem with file:line:col')
    .argument('<schemas...>', '.km files')
    .action((files: string[]) => {
      const loaded = files.map(loadSchemaFile);
      reportDiagnostics(loaded, output());
      if (loaded.some((l) => !l.layout)) throw new CliError('', ExitCode.Problems);
    });
}
