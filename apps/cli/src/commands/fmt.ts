import type { Command } from 'commander';
import { format, parse } from '@karmem-ts/idl';
import { CliError, ExitCode, readText, reportDiagnostics, writeFileAtomic, type OutputOptions } from '../io';

export function registerFmt(program: Command, output: () => OutputOptions): void {
  program
    .command('fmt')
    .description('print schemas in canonical form; --check lists files that are not, --write rewrites them')
    .argument('<schemas...>', '.km files')
    .option('--check', 'exit 1 and list the files that are not canonical; write nothing')
    .option('--write', 'rewrite the files in place')
    .action((files: string[], options: { check?: boolean; write?: boolean }) => {
      if (options.check && options.write) throw new CliError('--check and --write cannot be used together', ExitCode.Usage);
      const parsed = files.map((file) => ({ file, source: readText(file) })).map((f) => ({ ...f, ...parse(f.source, f.file) }));
      // Never rewrite a file that does not parse: the formatter would drop what it could not read.
      const broken = parsed.filter((p) => p.diagnostics.length > 0);
      if (broken.length > 0) {
        reportDiagnostics(broken, output());
        throw new CliError('', ExitCode.Problems);
      }
      const stale: string[] = [];
      for (const { file, source, ast } of parsed) {
        const text = format(ast);
        if (options.check) {
          if (text !== source) stale.push(file);
        } else if (options.write) {
          if (text !== source) writeFileAtomic(file, text);
        } else {
          process.stdout.write(text);
        }
      }
      if (stale.length > 0) {
        process.stderr.write(`not formatted:\n${stale.map((f) => `  ${f}`).join('\n')}\n`);
        throw new CliError('', ExitCode.Problems);
      }
    });
}
