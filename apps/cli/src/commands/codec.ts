import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { SchemaLayout } from '@karmem-ts/layout';
import { firstInvalidUtf8 } from '@karmem-ts/runtime';
import { decodeJson, encodeJson, KarmemLimitError, parseJson, rootStruct, UnknownTypeError, validateMessage, ValueError } from '@karmem-ts/dynamic';
import { writeJson } from '../json-out';
import { CliError, ExitCode, ioError, readBytes, requireLayout, type OutputOptions } from '../io';

interface CodecOptions {
  readonly schema: string;
  readonly type: string;
}

interface DecodeOptions extends CodecOptions {
  readonly lenient?: boolean;
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
      const text = jsonText(file === undefined ? new Uint8Array(readStdinBytes()) : readBytes(file), file ?? '<stdin>');
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
    .description('decode a binary message to canonical JSON on stdout (a malformed message, or one past the decode limits: exit 1)')
    .requiredOption('-s, --schema <file>', 'the .km schema')
    .requiredOption('-t, --type <struct>', 'the root struct')
    .option('--lenient', 'read a malformed message as karmem-ts readers do (what cannot be read is a default) instead of failing')
    .argument('[message]', 'binary file; standard input when absent')
    .action((file: string | undefined, options: DecodeOptions) => {
      const { layout } = requireLayout(options.schema, output());
      requireRootType(layout, options.type);
      const name = file ?? '<stdin>';
      const bytes = file === undefined ? new Uint8Array(readStdinBytes()) : readBytes(file);
      let value;
      try {
        value = decodeJson(layout, options.type, bytes);
      } catch (error) {
        if (error instanceof KarmemLimitError) throw new CliError(`${name}: ${error.message}`, ExitCode.Problems);
        throw error;
      }
      // Readers take what cannot be read as a default; a person asking what a file holds wants to know.
      const problem = options.lenient ? undefined : validateMessage(layout, options.type, bytes);
      if (problem !== undefined) {
        throw new CliError(`${name}: not a sound ${options.type} message: ${problem.path} (byte ${problem.offset}): ${problem.message} (--lenient reads it as readers do)`, ExitCode.Problems);
      }
      // In chunks: the text of a large message can pass the longest string V8 makes.
      writeJson(value, (chunk) => process.stdout.write(chunk));
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
  try {
    return readFileSync(0);
  } catch (cause) {
    throw ioError('read', 'standard input', cause);
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The JSON value's text: bytes that are not UTF-8 are an error, not text with U+FFFD in their place. */
function jsonText(bytes: Uint8Array, name: string): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new CliError(`${name} is not valid UTF-8 (at byte ${firstInvalidUtf8(bytes, 0, bytes.length)})`, ExitCode.Problems);
  }
}
