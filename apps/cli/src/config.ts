/**
 * karmem.config.json: what `generate` (no arguments) writes and what `build`
 * compiles. Validated by hand, strictly: unknown keys are errors, and every
 * message names the offending key. The JSON Schema for editors is
 * apps/cli/karmem.config.schema.json; keep the two in step.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CliError, ExitCode, readText } from './io';

export const CONFIG_FILE = 'karmem.config.json';

/** Languages a config can write; glue goes with its language (ts-glue beside ts, as-glue beside as, c-glue beside c, rust-glue beside rust). */
export const CONFIG_LANGUAGES = ['ts', 'as', 'c', 'rust'] as const;
export type ConfigLanguage = (typeof CONFIG_LANGUAGES)[number];

/** Languages a guest can be written in: AssemblyScript (asc), C (clang), Rust (rustc). */
export const GUEST_LANGUAGES = ['as', 'c', 'rust'] as const;
export type GuestLanguage = (typeof GUEST_LANGUAGES)[number];

/** Per guest language: the implementation's extension and what it needs generated. */
const GUEST_LANGUAGE_INFO: Record<GuestLanguage, { readonly extension: string; readonly what: string; readonly example: (module: string) => string }> = {
  as: { extension: '.ts', what: 'AssemblyScript', example: (m) => `assembly/${m}.ts` },
  c: { extension: '.c', what: 'C', example: (m) => `c/${m}.c` },
  rust: { extension: '.rs', what: 'Rust', example: (m) => `rust/${m}.rs` },
};

/** Runtimes a guest can use: the host-arena allocator replaces their memory manager (stub has none). */
export const GUEST_RUNTIMES = ['minimal', 'incremental'] as const;
export type GuestRuntime = (typeof GUEST_RUNTIMES)[number];

/** asc flags `build` sets itself: a config may not set them in build.ascFlags. */
const RESERVED_ASC_FLAGS = ['--runtime', '--importMemory', '--memoryBase', '--outFile', '-o', '--textFile', '-t', '--bindings', '-b', '--optimizeLevel', '--shrinkLevel', '-O'];

export interface GuestConfig {
  /** Output name: `<outDir>/<name>.wasm`. */
  readonly name: string;
  /** The module of the schemas this guest is. */
  readonly module: string;
  readonly language: GuestLanguage;
  /** Absolute path of the user's implementation (.ts, .c or .rs, by language). */
  readonly implementation: string;
  /** AssemblyScript runtime (AssemblyScript guests only; C and Rust ones have their own allocators). */
  readonly runtime: GuestRuntime;
  /** Absolute output folder of the .wasm. */
  readonly outDir: string;
  /** Meter the module with fuel (its own `fuel`, else `build.fuel`): see docs/linker.md, "Fuel". */
  readonly fuel: boolean;
}

export interface BuildConfig {
  /** Absolute folder of the manifest (guests.json) and, by default, of the guests. */
  readonly outDir: string;
  readonly optimize: number;
  readonly shrink: number;
  readonly ascFlags: readonly string[];
  /** Default of every guest's `fuel`. */
  readonly fuel: boolean;
}

export interface KarmemConfig {
  /** The config file as given (for messages). */
  readonly file: string;
  /** Absolute folder of the config file: every path in it is relative to it. */
  readonly dir: string;
  /** Absolute paths. */
  readonly schemas: readonly string[];
  /** Absolute output folder per language. */
  readonly outputs: Partial<Record<ConfigLanguage, string>>;
  readonly guests: readonly GuestConfig[];
  readonly build: BuildConfig;
}

/** A problem in the config file: exit code 1, one line naming the file and the key. */
export class ConfigError extends CliError {
  constructor(file: string, key: string, message: string) {
    super(`${file}: ${key ? `${key}: ` : ''}${message}`, ExitCode.Problems);
  }
}

/** Reads and validates a config file (exit 3 when it cannot be read, 1 when it is invalid). */
export function loadConfig(file: string): KarmemConfig {
  const text = readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(file, '', `not valid JSON: ${(cause as Error).message}`);
  }
  return parseConfig(json, file);
}

/** Validates parsed JSON; paths are resolved against the config file's folder. */
export function parseConfig(json: unknown, file: string): KarmemConfig {
  const dir = dirname(resolve(file));
  const fail = (key: string, message: string): never => {
    throw new ConfigError(file, key, message);
  };
  const root = object(json, '', fail);
  onlyKeys(root, '', ['$schema', 'schemas', 'outputs', 'guests', 'build'], fail);
  if (root['$schema'] !== undefined) string(root['$schema'], '$schema', fail);

  if (root['schemas'] === undefined) fail('schemas', 'required: the .km files, relative to the config file');
  const schemaList = array(root['schemas'], 'schemas', fail);
  if (schemaList.length === 0) fail('schemas', 'expected at least one .km file');
  const schemas = schemaList.map((s, i) => {
    const path = relativePath(s, `schemas[${i}]`, fail);
    if (!path.endsWith('.km')) fail(`schemas[${i}]`, `expected a .km file, not "${path}"`);
    return resolve(dir, path);
  });
  unique(schemas, (i) => `schemas[${i}]`, 'listed twice', fail);

  if (root['outputs'] === undefined) fail('outputs', `required: an output folder per language, e.g. {"ts": "src/generated", "as": "assembly/generated"}`);
  const outputsJson = object(root['outputs'], 'outputs', fail);
  onlyKeys(outputsJson, 'outputs', CONFIG_LANGUAGES, fail, 'language');
  const outputs: Partial<Record<ConfigLanguage, string>> = {};
  for (const language of CONFIG_LANGUAGES) {
    if (outputsJson[language] !== undefined) outputs[language] = resolve(dir, relativePath(outputsJson[language], `outputs.${language}`, fail));
  }
  if (Object.keys(outputs).length === 0) fail('outputs', `expected at least one of ${CONFIG_LANGUAGES.join(', ')}`);

  const buildJson = root['build'] === undefined ? {} : object(root['build'], 'build', fail);
  onlyKeys(buildJson, 'build', ['outDir', 'optimize', 'shrink', 'ascFlags', 'fuel'], fail);
  const build: BuildConfig = {
    outDir: resolve(dir, buildJson['outDir'] === undefined ? 'build' : relativePath(buildJson['outDir'], 'build.outDir', fail)),
    optimize: buildJson['optimize'] === undefined ? 3 : integer(buildJson['optimize'], 'build.optimize', 0, 3, fail),
    shrink: buildJson['shrink'] === undefined ? 0 : integer(buildJson['shrink'], 'build.shrink', 0, 2, fail),
    ascFlags:
      buildJson['ascFlags'] === undefined
        ? []
        : array(buildJson['ascFlags'], 'build.ascFlags', fail).map((flag, i) => {
            const value = string(flag, `build.ascFlags[${i}]`, fail);
            const name = value.split('=')[0]!;
            if (RESERVED_ASC_FLAGS.includes(name)) fail(`build.ascFlags[${i}]`, `${name} is set by karmem-ts build itself`);
            return value;
          }),
    fuel: buildJson['fuel'] === undefined ? false : boolean(buildJson['fuel'], 'build.fuel', fail),
  };

  const guestList = root['guests'] === undefined ? [] : array(root['guests'], 'guests', fail);
  const guests = guestList.map((g, i): GuestConfig => {
    const key = `guests[${i}]`;
    const guest = object(g, key, fail);
    onlyKeys(guest, key, ['name', 'module', 'language', 'implementation', 'runtime', 'outDir', 'fuel'], fail);
    if (guest['name'] === undefined) fail(`${key}.name`, 'required');
    const name = string(guest['name'], `${key}.name`, fail);
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name)) fail(`${key}.name`, `"${name}" is not a file name (letters, digits, _ . -)`);
    const module = guest['module'] === undefined ? name : string(guest['module'], `${key}.module`, fail);
    const language = guest['language'] === undefined ? 'as' : string(guest['language'], `${key}.language`, fail);
    if (!(GUEST_LANGUAGES as readonly string[]).includes(language)) fail(`${key}.language`, `expected one of ${GUEST_LANGUAGES.join(', ')}, not "${language}"`);
    const info = GUEST_LANGUAGE_INFO[language as GuestLanguage];
    if (guest['implementation'] === undefined) fail(`${key}.implementation`, `required: the ${info.what} file implementing the module, e.g. "${info.example(module)}"`);
    const implementation = relativePath(guest['implementation'], `${key}.implementation`, fail);
    if (!implementation.endsWith(info.extension)) fail(`${key}.implementation`, `expected a ${info.extension} file, not "${implementation}" (language ${language}: ${info.what})`);
    if (language !== 'as' && guest['runtime'] !== undefined) fail(`${key}.runtime`, `only for AssemblyScript guests: a ${info.what} guest brings its own allocator (the glue's)`);
    const runtime = guest['runtime'] === undefined ? 'incremental' : string(guest['runtime'], `${key}.runtime`, fail);
    if (!(GUEST_RUNTIMES as readonly string[]).includes(runtime)) {
      fail(`${key}.runtime`, `expected one of ${GUEST_RUNTIMES.join(', ')}, not "${runtime}" (stub has no memory manager for the host-arena allocator)`);
    }
    return {
      name,
      module,
      language: language as GuestLanguage,
      implementation: resolve(dir, implementation),
      runtime: runtime as GuestRuntime,
      outDir: guest['outDir'] === undefined ? build.outDir : resolve(dir, relativePath(guest['outDir'], `${key}.outDir`, fail)),
      fuel: guest['fuel'] === undefined ? build.fuel : boolean(guest['fuel'], `${key}.fuel`, fail),
    };
  });
  unique(guests.map((g) => g.name), (i) => `guests[${i}].name`, 'used by another guest', fail);
  unique(guests.map((g) => g.module), (i) => `guests[${i}].module`, 'built by another guest too (two instances of one build cannot share a memory)', fail);
  // Each guest's glue is generated into its language's output folder.
  guests.forEach((guest, i) => {
    const language = guest.language;
    if (outputs[language] !== undefined) return;
    const why = language === 'as' ? 'its entry file is generated there' : `its ${GUEST_LANGUAGE_INFO[language].what} code and glue are generated there`;
    fail(`outputs.${language}`, `required by guests[${i}] (${guest.name}, language ${language}): ${why}`);
  });

  return { file, dir, schemas, outputs, guests, build };
}

/** Where `generate` writes the entry file of an AssemblyScript guest's module. */
export function guestEntry(config: KarmemConfig, guest: GuestConfig): string {
  return resolve(config.outputs.as!, `${guest.module}.guest.ts`);
}

/** A path as written in generated headers and messages: relative to `from`, forward slashes. */
export function portablePath(path: string, from: string): string {
  const rel = relative(from, path);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/** The config to use: --config FILE, or ./karmem.config.json when it exists (undefined otherwise). */
export function findConfig(explicit: string | undefined): string | undefined {
  if (explicit !== undefined) return explicit;
  return existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined;
}

type Fail = (key: string, message: string) => never;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function object(value: unknown, key: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(key, `expected an object, not ${describe(value)}`);
  return value as Record<string, unknown>;
}

function array(value: unknown, key: string, fail: Fail): unknown[] {
  if (!Array.isArray(value)) return fail(key, `expected an array, not ${describe(value)}`);
  return value;
}

function string(value: unknown, key: string, fail: Fail): string {
  if (typeof value !== 'string') return fail(key, `expected a string, not ${describe(value)}`);
  if (value === '') return fail(key, 'expected a non-empty string');
  return value;
}

function boolean(value: unknown, key: string, fail: Fail): boolean {
  if (typeof value !== 'boolean') return fail(key, `expected true or false, not ${describe(value)}`);
  return value;
}

function integer(value: unknown, key: string, min: number, max: number, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return fail(key, `expected an integer from ${min} to ${max}, not ${describe(value)}`);
  }
  return value;
}

/** Paths in a config are relative to it, so that the project moves as a whole. */
function relativePath(value: unknown, key: string, fail: Fail): string {
  const path = string(value, key, fail);
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path)) return fail(key, `expected a path relative to the config file, not "${path}"`);
  return path;
}

function onlyKeys(value: Record<string, unknown>, at: string, allowed: readonly string[], fail: Fail, what = 'key'): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(at ? `${at}.${key}` : key, `unknown ${what}; expected one of ${allowed.join(', ')}`);
  }
}

function unique(values: readonly string[], key: (i: number) => string, message: string, fail: Fail): void {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value)) fail(key(i), message);
    seen.add(value);
  });
}
