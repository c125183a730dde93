#!/usr/bin/env node
/**
 * karmem-ts: the command line. Each command lives in src/commands; this file
 * wires them, the shared options, and the exit codes (docs/cli.md).
 */
import { Command, CommanderError } from 'commander';
import { registerBreaking } from './commands/breaking';
import { registerCheck } from './commands/check';
import { registerCodec } from './commands/codec';
import { registerFmt } from './commands/fmt';
import { registerGenerate } from './commands/generate';
import { registerLayout } from './commands/layout';
import { CliError, ExitCode, type OutputOptions } from './io';

export function buildProgram(): Command {
  const program = new Command('karmem-ts')
    .description('Karmem schemas, code generators and tools for WebAssembly hosts and guests')
    .version('0.1.0')
    .option('--format <format>', 'diagnostics as `text` or `json`', 'text')
    .option('--color', 'force colours in diagnostics')
    .option('--no-color', 'never use colours in diagnostics')
    .showHelpAfterError()
    .exitOverride();
  const output = (): OutputOptions => {
    const opts = program.opts<{ format: string; color?: boolean }>();
    if (opts.format !== 'text' && opts.format !== 'json') throw new CliError(`--format must be text or json, not ${opts.format}`, ExitCode.Usage);
    return { format: opts.format, color: opts.color ?? (process.stderr.isTTY === true && !process.env['NO_COLOR']) };
  };
  registerGenerate(program, output);
  registerCheck(program, output);
  registerLayout(program, output);
  registerFmt(program, output);
  registerBreaking(program, output);
  registerCodec(program, output);
  for (const command of program.commands) command.exitOverride().showHelpAfterError();
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof CliError) {
      if (error.message) process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
