import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { SchemaLayout } from '@karmem-ts/layout';
import { decodeJson, encodeJson, KarmemLimitError, parseJson, rootStruct, UnknownTypeError, ValueError } from '@karmem-ts/dynamic';
import { CliError, ExitCode, readBytes, readText, requireLayout, type OutputOptions } from '../io';

interface CodecOptions {
  readonly schema: string;
  readonly type: string;
}

export function registerCodec(program: Command, output: () => OutputOptions): void {
  program
    .command('encode')
    .description('encode a JSON value (canonical form, docs/cli.md) as a binary message on stdout')
    .requiredOption('-s, --schema <file>', 'the .km schema')
    .requiredOption('-t, --type <struct>', 'the root struct')
    .argument('[value]', 'JSON file; standard input when absent')
    .action((file: string | undefined, options: CodecOptions) => {
      const { layout } = requireLayout(options.schema, output());
      requireRootType(layout, options.type);
      const text = file === undefined ? readStdin() : readText(file);
      let value: unknown;
      try {
        value = parseJson(text);
      } catch (cause) {
        throw new CliError(`${file ?? '<stdin>'} is not valid JSON: ${(cause as Error).message}`, ExitCode.Problems);
      }
      try {
        process.stdout.write(encodeJson(layout, options.type, value));
      } catch (error) {
        if (error instanceof ValueError) throw new CliError(`${file ?? '<stdin>'}: ${error.message}`, ExitCode.Problems);
        throw error;
      }
    });

  program
    .command('decode')
    .description('decode a binary message to canonical JSON on stdout (bad bytes read as defaults; past the decode limits, exit 1)')
    .requiredOption('-s, --schema <file>', 'the .km schema')
    .requiredOption('-t, --type <struct>', 'the root struct')
    .argument('[message]', 'binary file; standard input when absent')
    .action((file: string | undefined, options: CodecOptions) => {
      const { layout } = requireLayout(options.schema, output());
      requireRootType(layout, options.type);
      const bytes = file === undefined ? new Uint8Array(readStdinBytes()) : readBytes(file);
      let value;
      try {
        value = decodeJson(layout, options.type, bytes);
      } catch (error) {
        if (error instanceof KarmemLimitError) throw new CliError(`${file ?? '<stdin>'}: ${error.message}`, ExitCode.Problems);
        throw error;
      }
      process.stdout.write(JSON.stringify(value, null, 2) + '\n');
    });
}

/**
 * An unknown root type is a usage error (exit 2) for every command, checked
 * before standard input is read so that a typo never waits on a terminal.
 */
function requireRootType(layout: SchemaLayout, type: string): void {
  try {
    rootStruct(layout, type);
  } catch (error) {
    if (error instanceof UnknownTypeError) throw new CliError(`--type: ${error.problem}`, ExitCode.Usage);
    throw error;
  }
}

function readStdinBytes(): Buffer {
  return readFileSync(0);
}

function readStdin(): string {
  return readStdinBytes().toString('utf8');
}
