import type { Command } from 'commander';
import { CONFIG_FILE, findConfig, loadConfig } from '../config';
import { buildGuests } from '../guests';
import { CliError, ExitCode, type OutputOptions } from '../io';
import { generateKarmemStyle, planFromConfig, writeFiles } from './generate';

interface BuildOptions {
  readonly typescript?: boolean;
  readonly assemblyscript?: boolean;
  readonly c?: boolean;
  readonly golang?: boolean;
  readonly out?: string;
  readonly config?: string;
  readonly generate: boolean;
}

export function registerBuild(program: Command, output: () => OutputOptions): void {
  program
    .command('build')
    .description(
      `generate the code of ./${CONFIG_FILE} (or --config), then compile its guests to WebAssembly (AssemblyScript with asc, C with clang, Rust with rustc; then Binaryen), picking their memory bases; ` +
        'with a language flag, Karmem-style generation instead: `build --typescript -o DIR file.km`',
    )
    .argument('[schemas...]', '.km files (only with a language flag)')
    .option('--config <file>', `config file (default: ./${CONFIG_FILE})`)
    .option('--typescript', 'generate TypeScript (Karmem style)')
    .option('--assemblyscript', 'generate AssemblyScript (Karmem style)')
    .option('--c', 'generate C (Karmem style)')
    .option('--golang', 'generate Go (Karmem style)')
    .option('-o, --out <dir>', 'output folder of the Karmem-style generation (default: .)')
    .option('--no-generate', 'build the guests from the code already generated (by `karmem-ts generate`)')
    .action(async (schemas: string[], options: BuildOptions) => {
      const generating = options.typescript === true || options.assemblyscript === true || options.c === true || options.golang === true;
      if (generating || schemas.length > 0) {
        if (options.config !== undefined) throw new CliError('--config builds guests; it cannot be used with schemas or language flags', ExitCode.Usage);
        generateKarmemStyle(schemas, { ...options }, output());
        return;
      }
      if (options.out !== undefined) throw new CliError('-o is for Karmem-style generation (with --typescript, --assemblyscript or --c); guests go to "build.outDir" of the config', ExitCode.Usage);
      const file = findConfig(options.config);
      if (file === undefined) {
        throw new CliError(`no ${CONFIG_FILE} here: nothing to build (run \`karmem-ts init\`, or pass --config FILE)`, ExitCode.Io);
      }
      const config = loadConfig(file);
      // One command from schema to modules, as `jco componentize`: generation
      // is deterministic and leaves unchanged files alone.
      const generate = () => {
        if (options.generate) writeFiles(planFromConfig(config, output()), { quiet: true });
      };
      await buildGuests(config, output(), (line) => process.stdout.write(`${line}\n`), generate);
    });
}
