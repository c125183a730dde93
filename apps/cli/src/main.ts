#!/usr/bin/env node
/**
 * karmem-ts: the command line. Each command lives in src/commands; this file
 * wires them, the shared options, and the exit codes (docs/cli.md).
 */
import { Command, CommanderError } from 'commander';
import { registerBreaking } from './commands/breaking';
import { registerBuild } from './commands/build';
import { registerCheck } from './commands/check';
import { registerCodec } from './commands/codec';
import { registerFmt } from './commands/fmt';
import { registerGenerate } from './commands/generate';
import { registerInit } from './commands/init';
import { registerLayout } from './commands/layout';
import { VERSION } from './version';
import { CliError, describeIoError, ExitCode, handleStreamErrors, type DiagnosticFormat, type OutputOptions } from './io';

export function buildProgram(): Command {
  const program = new Command('karmem-ts')
    .description('Karmem schemas, code generators and tools for WebAssembly hosts and guests')
    .version(VERSION)
    .option('--format <format>', 'diagnostics as `text`, `json` or `github-actions`', 'text')
    .option('--error-format <format>', 'the same as --format (the spelling of buf)')
    .option('--color', 'force colours in diagnostics')
    .option('--no-color', 'never use colours in diagnostics')
    .showHelpAfterError()
    .exitOverride();
  const output = (): OutputOptions => {
    const opts = program.opts<{ format: string; color?: boolean }>();
    const format = diagnosticFormat(program);
    return { format, color: opts.color ?? (process.stderr.isTTY === true && !process.env['NO_COLOR']) };
  };
  registerInit(program);
  registerGenerate(program, output);
  registerBuild(program, output);
  registerCheck(program, output);
  registerLayout(program, output);
  registerFmt(program, output);
  registerBreaking(program, output);
  registerCodec(program, output);
  for (const command of program.commands) command.exitOverride().showHelpAfterError();
  return program;
}

/** --format, or its alias --error-format; both given must agree. */
function diagnosticFormat(program: Command): DiagnosticFormat {
  const { format, errorFormat } = program.opts<{ format: string; errorFormat?: string }>();
  const formatGiven = program.getOptionValueSource('format') === 'cli';
  if (errorFormat !== undefined && formatGiven && errorFormat !== format) {
    throw new CliError(`--format ${format} and --error-format ${errorFormat} disagree: give one`, ExitCode.Usage);
  }
  const chosen = errorFormat ?? format;
  if (chosen !== 'text' && chosen !== 'json' && chosen !== 'github-actions') {
    throw new CliError(`${errorFormat !== undefined ? '--error-format' : '--format'} must be text, json or github-actions, not ${chosen}`, ExitCode.Usage);
  }
  return chosen;
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
    if (isSystemError(error)) {
      // An I/O failure no command anticipated is still an I/O failure (exit 3), not a crash.
      if (error.code === 'EPIPE') return ExitCode.Ok;
      process.stderr.write(`error: ${error.path ? `${error.path}: ` : ''}${describeIoError(error)}\n`);
      return ExitCode.Io;
    }
    throw error;
  }
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const e = error as NodeJS.ErrnoException;
  return e instanceof Error && typeof e.code === 'string' && /^E[A-Z0-9]+$/.test(e.code) && typeof e.syscall === 'string';
}

if (require.main === module) {
  handleStreamErrors();
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
