import { existsSync, readFileSync, watch } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { generateAssemblyScript } from '@karmem-ts/codegen-as';
import { generateC } from '@karmem-ts/codegen-c';
import type { GeneratedOutput } from '@karmem-ts/codegen-core';
import { generateGlueAssemblyScript, generateGlueC, generateGlueRust, generateGlueTypeScript } from '@karmem-ts/codegen-glue';
import { generateRust } from '@karmem-ts/codegen-rust';
import { generateTypeScript } from '@karmem-ts/codegen-ts';
import type { SchemaLayout } from '@karmem-ts/layout';
import { CONFIG_FILE, ConfigError, findConfig, loadConfig, portablePath, type KarmemConfig } from '../config';
import { GENERATORS, LANGUAGE_ALIASES } from '../generators';
import { CliError, ExitCode, ioError, loadSchemaFile, makeDirectory, reportDiagnostics, writeFileAtomic, type LoadedSchema, type OutputOptions } from '../io';

interface GenerateOptions {
  readonly lang?: string;
  readonly out?: string;
  readonly config?: string;
  readonly check?: boolean;
  readonly watch?: boolean;
}

export function registerGenerate(program: Command, output: () => OutputOptions): void {
  program
    .command('generate')
    .description(
      `generate code: with no schemas, as ./${CONFIG_FILE} (or --config) says, host and guest code and glue in one call; ` +
        'with schemas, the --lang languages into --out (one folder per language when several are asked for)',
    )
    .argument('[schemas...]', '.km files (none: use the config file)')
    .option('-l, --lang <languages>', `comma-separated: ${Object.keys(GENERATORS).join(', ')} (default: ts)`)
    .option('-o, --out <dir>', 'output folder (default: generated)')
    .option('--config <file>', `config file (default: ./${CONFIG_FILE})`)
    .option('--check', 'write nothing; exit 1 listing files that are missing or stale')
    .option('--watch', 'regenerate whenever a schema changes')
    .action((schemas: string[], options: GenerateOptions) => {
      if (options.check && options.watch) throw new CliError('--check and --watch cannot be used together', ExitCode.Usage);
      let watched: readonly string[];
      let run: () => void;
      if (schemas.length === 0) {
        if (options.lang !== undefined || options.out !== undefined) throw new CliError('--lang and --out need schemas; with a config file, set "outputs" in it', ExitCode.Usage);
        const file = findConfig(options.config);
        if (file === undefined) {
          throw new CliError(`no schemas given and no ${CONFIG_FILE} here: run \`karmem-ts init\`, pass --config FILE, or name .km files`, ExitCode.Usage);
        }
        const config = loadConfig(file);
        watched = config.schemas.map((s) => relative(process.cwd(), s));
        run = () => writeFiles(planFromConfig(config, output()), options);
      } else {
        if (options.config !== undefined) throw new CliError('give either schemas or --config, not both', ExitCode.Usage);
        const languages = parseLanguages(options.lang ?? 'ts');
        watched = schemas;
        run = () => writeFiles(plan(schemas, languages, options.out ?? 'generated', output()), options);
      }
      if (!options.watch) return run();
      watchSchemas(watched, run);
      return new Promise<void>(() => undefined); // runs until interrupted
    });
}

/** Karmem's own habit: `karmem build --golang -o km game.km` generates; `build` with a language flag does that. */
export function generateKarmemStyle(schemas: readonly string[], options: Record<string, string | boolean | undefined>, output: OutputOptions): void {
  const languages = Object.entries(LANGUAGE_ALIASES)
    .filter(([flag]) => options[flag] === true)
    .map(([, lang]) => lang);
  if (languages.length === 0) {
    throw new CliError('build with schemas needs a language flag, such as --typescript (without schemas, build compiles the guests of the config file)', ExitCode.Usage);
  }
  if (schemas.length === 0) throw new CliError('build --typescript (or another language flag) needs .km files', ExitCode.Usage);
  writeFiles(plan(schemas, languages, typeof options['out'] === 'string' ? options['out'] : '.', output), {});
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
  const files = new GeneratedFiles();
  for (const { file, layout } of loaded) {
    for (const language of languages) {
      const folder = languages.length > 1 ? join(out, language) : out;
      files.add(folder, GENERATORS[language]!.generator(layout!, { source: portablePath(resolve(file), process.cwd()) }), { schema: file, language });
    }
  }
  return files.list();
}

/** What a generated file comes from, to name both sides of a clash. */
interface Origin {
  readonly schema: string;
  readonly language: string;
}

/**
 * The files to write, by path. Two generators writing the same content to
 * one path write it once; different content is a clash, refused naming what
 * collides: two schemas of one package name, or two languages in one folder.
 */
class GeneratedFiles {
  private readonly files = new Map<string, { readonly content: string; readonly origin: Origin }>();

  add(folder: string, generated: readonly GeneratedOutput[], origin: Origin): void {
    for (const { path, content } of generated) {
      const file = join(folder, path);
      const previous = this.files.get(file);
      if (previous === undefined) this.files.set(file, { content, origin });
      else if (previous.content !== content) throw new CliError(clash(relative(process.cwd(), file) || file, previous.origin, origin), ExitCode.Problems);
    }
  }

  list(): GeneratedOutput[] {
    return [...this.files.entries()].map(([path, { content }]) => ({ path, content }));
  }
}

function clash(file: string, first: Origin, second: Origin): string {
  if (first.language === second.language) return `${first.schema} and ${second.schema} both generate ${file}: give them different package names`;
  if (first.schema === second.schema) return `${first.language} and ${second.language} outputs both write ${file}: give the languages different folders`;
  return `the ${first.language} output of ${first.schema} and the ${second.language} output of ${second.schema} both write ${file}: give the languages different folders`;
}

/**
 * Every file a config asks for: each language into its folder, its glue
 * beside it (so the glue's `./<package>` imports resolve), the guests' entry
 * files importing the implementations the config names.
 */
export function planFromConfig(config: KarmemConfig, output: OutputOptions): GeneratedOutput[] {
  const loaded = loadConfigSchemas(config, output);
  const files = new GeneratedFiles();
  for (const { file, layout } of loaded) {
    const options = { source: portablePath(file, config.dir) };
    const schema = relative(process.cwd(), file) || file;
    const add = (language: string, folder: string, generated: readonly GeneratedOutput[]) => files.add(folder, generated, { schema, language });
    const { ts, as, c, rust } = config.outputs;
    if (ts !== undefined) add('ts', ts, [...generateTypeScript(layout, options), ...generateGlueTypeScript(layout, options)]);
    if (as !== undefined) {
      const implementation = (module: string) => {
        const guest = config.guests.find((g) => g.module === module && g.language === 'as');
        // Without an AssemblyScript guest, the glue's default: ../<module> from the generated folder.
        if (guest === undefined) return `../${module}`;
        const path = portablePath(guest.implementation.replace(/\.ts$/, ''), as);
        return path.startsWith('.') ? path : `./${path}`;
      };
      add('as', as, [...generateAssemblyScript(layout, options), ...generateGlueAssemblyScript(layout, { ...options, implementation })]);
    }
    // C and Rust glue (entry points, import wrappers, the guest half of the ABI) beside the code they include.
    if (c !== undefined) add('c', c, [...generateC(layout, options), ...generateGlueC(layout, options)]);
    if (rust !== undefined) add('rust', rust, [...generateRust(layout, options), ...generateGlueRust(layout, options)]);
  }
  return files.list();
}

/** Loads the config's schemas (exit 1 with diagnostics on errors) and checks that every guest's module exists. */
export function loadConfigSchemas(config: KarmemConfig, output: OutputOptions): (LoadedSchema & { layout: SchemaLayout })[] {
  const loaded = config.schemas.map((file) => loadSchemaFile(relative(process.cwd(), file) || file));
  if (loaded.some((l) => !l.layout)) {
    reportDiagnostics(loaded, output);
    throw new CliError('', ExitCode.Problems);
  }
  const layouts = loaded.map((l) => ({ ...l, file: resolve(l.file), layout: l.layout! }));
  const modules = layouts.flatMap((l) => l.layout.modules.map((m) => m.name));
  config.guests.forEach((guest, i) => {
    if (!modules.includes(guest.module)) {
      const known = modules.length > 0 ? `modules: ${modules.join(', ')}` : 'the schemas declare no module';
      throw new ConfigError(config.file, `guests[${i}].module`, `no module "${guest.module}" in the schemas (${known})`);
    }
  });
  return layouts;
}

/**
 * Writes what changed. `quiet` names only the files it wrote (build's
 * generation step), where `generate` names every file it stands for.
 */
export function writeFiles(files: readonly GeneratedOutput[], options: Pick<GenerateOptions, 'check'> & { readonly quiet?: boolean }): void {
  if (options.check) {
    const stale = files.filter((f) => !existsSync(f.path) || readFileSync(f.path, 'utf8') !== f.content);
    if (stale.length > 0) {
      process.stderr.write(`stale or missing:\n${stale.map((f) => `  ${f.path}${existsSync(f.path) ? '' : ' (missing)'}`).join('\n')}\n`);
      throw new CliError('', ExitCode.Problems);
    }
    return;
  }
  const written: GeneratedOutput[] = [];
  for (const file of files) {
    makeDirectory(dirname(file.path));
    // Unchanged files are left alone so build tools do not see a change.
    if (!existsSync(file.path) || readCurrent(file.path) !== file.content) {
      writeFileAtomic(file.path, file.content);
      written.push(file);
    }
  }
  const named = options.quiet ? written : files;
  if (named.length > 0) process.stderr.write(`generated ${named.map((f) => relative(process.cwd(), f.path)).join(', ')}\n`);
}

function readCurrent(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw ioError('read', path, cause);
  }
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
  let timer: NodeJS.Timeout | undefined;
  for (const schema of schemas) {
    // Watch the folder: editors often replace a file rather than write it in place.
    const folder = dirname(schema);
    try {
      watch(folder, (_event, name) => {
        if (name !== null && name.toString() !== basename(schema)) return;
        clearTimeout(timer);
        timer = setTimeout(safeRun, 50);
      });
    } catch (cause) {
      throw ioError('watch folder', folder, cause);
    }
  }
  safeRun();
  process.stderr.write(`watching ${schemas.join(', ')}\n`);
}
