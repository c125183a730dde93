import { existsSync, mkdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { Command } from 'commander';
import type { GeneratedOutput } from '@karmem-ts/codegen-core';
import { GENERATORS, LANGUAGE_ALIASES } from '../generators';
import { CliError, ExitCode, loadSchemaFile, reportDiagnostics, type OutputOptions } from '../io';

interface GenerateOptions {
  readonly lang: string;
  readonly out: string;
  readonly check?: boolean;
  readonly watch?: boolean;
}

export function registerGenerate(program: Command, output: () => OutputOptions): void {
  program
    .command('generate')
    .description('generate code from schemas: deterministic, one folder per language when several are asked for')
    .argument('<schemas...>', '.km files')
    .option('-l, --lang <languages>', `comma-separated: ${Object.keys(GENERATORS).join(', ')}`, 'ts')
    .option('-o, --out <dir>', 'output folder', 'generated')
    .option('--check', 'write nothing; exit 1 listing files that are missing or stale')
    .option('--watch', 'regenerate whenever a schema changes')
    .action((schemas: string[], options: GenerateOptions) => {
      if (options.check && options.watch) throw new CliError('--check and --watch cannot be used together', ExitCode.Usage);
      const languages = parseLanguages(options.lang);
      const run = () => generate(schemas, languages, options, output());
      if (!options.watch) return run();
      watchSchemas(schemas, run);
      return new Promise<void>(() => undefined); // runs until interrupted
    });

  // Karmem's own habit: `karmem build --golang -o km game.km`.
  program
    .command('build')
    .description('Karmem-style alias of generate: `build --typescript -o DIR file.km`')
    .argument('<schemas...>', '.km files')
    .option('--typescript', 'TypeScript')
    .option('--assemblyscript', 'AssemblyScript')
    .option('--c', 'C')
    .option('-o, --out <dir>', 'output folder', '.')
    .action((schemas: string[], options: Record<string, string | boolean>) => {
      const languages = Object.entries(LANGUAGE_ALIASES)
        .filter(([flag]) => options[flag] === true)
        .map(([, lang]) => lang);
      if (languages.length === 0) throw new CliError('build needs a language flag, such as --typescript', ExitCode.Usage);
      generate(schemas, languages, { lang: languages.join(','), out: String(options['out']) }, output());
    });
}

function parseLanguages(list: string): string[] {
  const languages = list.split(',').map((l) => LANGUAGE_ALIASES[l.trim()] ?? l.trim());
  for (const language of languages) {
    if (!GENERATORS[language]) throw new CliError(`unknown language "${language}"; known: ${Object.keys(GENERATORS).join(', ')}`, ExitCode.Usage);
  }
  return [...new Set(languages)];
}

/** Every file the schemas produce, by path under the output folder. */
function plan(schemas: readonly string[], languages: readonly string[], out: string, output: OutputOptions): GeneratedOutput[] {
  const loaded = schemas.map(loadSchemaFile);
  if (loaded.some((l) => !l.layout)) {
    reportDiagnostics(loaded, output);
    throw new CliError('', ExitCode.Problems);
  }
  const files = new Map<string, string>();
  for (const { file, layout } of loaded) {
    for (const language of languages) {
      const folder = languages.length > 1 ? join(out, language) : out;
      for (const generated of GENERATORS[language]!.generator(layout!, { source: file })) {
        const path = join(folder, generated.path);
        const previous = files.get(path);
        if (previous !== undefined && previous !== generated.content) {
          throw new CliError(`two schemas generate ${path}: give them different package names`, ExitCode.Problems);
        }
        files.set(path, generated.content);
      }
    }
  }
  return [...files.entries()].map(([path, content]) => ({ path, content }));
}

function generate(schemas: readonly string[], languages: readonly string[], options: GenerateOptions, output: OutputOptions): void {
  const files = plan(schemas, languages, options.out, output);
  if (options.check) {
    const stale = files.filter((f) => !existsSync(f.path) || readFileSync(f.path, 'utf8') !== f.content);
    if (stale.length > 0) {
      process.stderr.write(`stale or missing:\n${stale.map((f) => `  ${f.path}${existsSync(f.path) ? '' : ' (missing)'}`).join('\n')}\n`);
      throw new CliError('', ExitCode.Problems);
    }
    return;
  }
  for (const file of files) {
    try {
      mkdirSync(dirname(file.path), { recursive: true });
      // Unchanged files are left alone so build tools do not see a change.
      if (!existsSync(file.path) || readFileSync(file.path, 'utf8') !== file.content) writeFileSync(file.path, file.content);
    } catch (cause) {
      throw new CliError(`cannot write ${file.path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, ExitCode.Io);
    }
  }
  process.stderr.write(`generated ${files.map((f) => relative(process.cwd(), f.path)).join(', ')}\n`);
}

function watchSchemas(schemas: readonly string[], run: () => void): void {
  const safeRun = () => {
    try {
      run();
    } catch (error) {
      // In watch mode a bad schema is reported and the watch goes on.
      if (!(error instanceof CliError)) throw error;
      if (error.message) process.stderr.write(`error: ${error.message}\n`);
    }
  };
  safeRun();
  let timer: NodeJS.Timeout | undefined;
  for (const schema of schemas) {
    // Watch the folder: editors often replace a file rather than write it in place.
    watch(dirname(schema), (_event, name) => {
      if (name !== null && name.toString() !== basename(schema)) return;
      clearTimeout(timer);
      timer = setTimeout(safeRun, 50);
    });
  }
  process.stderr.write(`watching ${schemas.join(', ')}\n`);
}
