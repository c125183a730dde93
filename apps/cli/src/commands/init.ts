import { existsSync, lstatSync, mkdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, ExitCode, ioError, readBytes, readText, writeFileAtomic } from '../io';
import { STARTER_DEPENDENCIES, STARTER_DEV_DEPENDENCIES, STARTER_FILES, STARTER_SCRIPTS } from '../starter';

interface InitOptions {
  readonly force?: boolean;
}

type PackageJson = Record<string, unknown> & {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a starter project: a schema with two guest modules, their AssemblyScript, a TypeScript host, karmem.config.json; `npm start` runs it')
    .argument('[dir]', 'project folder (created if needed)', '.')
    .option('--force', 'overwrite starter files that already exist')
    .action((dir: string, options: InitOptions) => init(dir, options));
}

function init(dir: string, options: InitOptions): void {
  const root = resolve(dir);
  const shownPath = (path: string) => relative(process.cwd(), path) || path;
  const shown = (file: string) => shownPath(join(root, file));
  const existing = Object.keys(STARTER_FILES).filter((file) => existsSync(join(root, file)));
  if (existing.length > 0 && !options.force) {
    throw new CliError(`${existing.map(shown).join(', ')} already exist${existing.length === 1 ? 's' : ''}: nothing written (--force overwrites)`, ExitCode.Problems);
  }
  const packageFile = join(root, 'package.json');
  const packageJson = existsSync(packageFile) ? mergePackage(readPackage(packageFile)) : newPackage(root);

  const files = new Map(Object.entries(STARTER_FILES).map(([file, content]) => [join(root, file), content]));
  files.set(packageFile, JSON.stringify(packageJson.json, null, 2) + '\n');
  writeAllOrNothing(files, folderPlan([...files.keys()], shownPath));

  const lines = [`wrote ${Object.keys(STARTER_FILES).map(shown).join(', ')}`, `${packageJson.merged ? 'merged into' : 'wrote'} ${shown('package.json')}`];
  if (packageJson.keptScripts.length > 0) lines.push(`kept your scripts ${packageJson.keptScripts.join(', ')}; the starter's are: ${packageJson.keptScripts.map((s) => `"${s}": "${STARTER_SCRIPTS[s]}"`).join(', ')}`);
  const cd = relative(process.cwd(), root);
  lines.push('next:', ...(cd ? [`  cd ${cd}`] : []), '  npm install', '  npm start');
  process.stdout.write(lines.join('\n') + '\n');
}

function newPackage(root: string): { json: PackageJson; merged: boolean; keptScripts: string[] } {
  const name =
    basename(root)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[._-]+/, '') || 'karmem-app';
  return {
    json: { name, version: '0.1.0', private: true, scripts: { ...STARTER_SCRIPTS }, dependencies: { ...STARTER_DEPENDENCIES }, devDependencies: { ...STARTER_DEV_DEPENDENCIES } },
    merged: false,
    keptScripts: [],
  };
}

function readPackage(file: string): PackageJson {
  let json: unknown;
  try {
    json = JSON.parse(readText(file));
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    throw new CliError(`${file}: not valid JSON (${(cause as Error).message}): nothing written`, ExitCode.Problems);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CliError(`${file}: expected an object: nothing written`, ExitCode.Problems);
  for (const key of ['scripts', 'dependencies', 'devDependencies']) {
    const value = (json as Record<string, unknown>)[key];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new CliError(`${file}: ${key}: expected an object: nothing written`, ExitCode.Problems);
    }
  }
  return json as PackageJson;
}

/**
 * Keeps everything the user has (a dependency already listed in either
 * section keeps its spec, `file:` tarballs included), adds what is missing.
 */
function mergePackage(json: PackageJson): { json: PackageJson; merged: boolean; keptScripts: string[] } {
  const has = (name: string) => json.dependencies?.[name] !== undefined || json.devDependencies?.[name] !== undefined;
  const add = (section: 'dependencies' | 'devDependencies', wanted: Readonly<Record<string, string>>) => {
    const missing = Object.entries(wanted).filter(([name]) => !has(name));
    if (missing.length > 0) json[section] = { ...(json[section] ?? {}), ...Object.fromEntries(missing) };
  };
  add('dependencies', STARTER_DEPENDENCIES);
  add('devDependencies', STARTER_DEV_DEPENDENCIES);
  const scripts = { ...(json.scripts ?? {}) };
  const keptScripts: string[] = [];
  for (const [name, command] of Object.entries(STARTER_SCRIPTS)) {
    // A script of the user's with the same name is kept (and reported).
    if (scripts[name] === undefined) scripts[name] = command;
    else if (scripts[name] !== command) keptScripts.push(name);
  }
  json.scripts = scripts;
  return { json, merged: true, keptScripts };
}

type PathKind = 'folder' | 'file' | 'missing';

function kindOf(path: string): PathKind {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch {
    // Nothing there, or a link to nothing (which mkdir cannot replace either).
    try {
      lstatSync(path);
      return 'file';
    } catch {
      return 'missing';
    }
  }
}

/**
 * The folders `files` need that do not exist yet, parents before children.
 * Refuses, before anything is written, a file where a folder must go and a
 * folder where a file must go (which --force cannot overwrite).
 */
function folderPlan(files: readonly string[], shown: (path: string) => string): string[] {
  const refuse = (action: string, path: string, what: string) => new CliError(`cannot ${action} ${shown(path)}: a ${what} is in the way: nothing written`, ExitCode.Problems);
  const missing = new Set<string>();
  for (const file of files) {
    if (kindOf(file) === 'folder') throw refuse('write', file, 'folder');
    const chain: string[] = [];
    for (let folder = dirname(file); ; folder = dirname(folder)) {
      const kind = kindOf(folder);
      if (kind === 'folder') break;
      if (kind === 'file') throw refuse('create folder', folder, 'file');
      chain.unshift(folder);
      if (dirname(folder) === folder) break;
    }
    for (const folder of chain) missing.add(folder);
  }
  return [...missing];
}

/**
 * Makes the folders, then writes the files; when one of them fails (a full
 * disk, permissions), undoes what this run did before reporting: files it
 * created and folders it made are removed, files it overwrote get their old
 * content back.
 */
function writeAllOrNothing(files: ReadonlyMap<string, string>, folders: readonly string[]): void {
  const made: string[] = [];
  const written: { file: string; previous: Uint8Array | undefined }[] = [];
  try {
    for (const folder of folders) {
      try {
        mkdirSync(folder);
      } catch (cause) {
        throw ioError('create folder', folder, cause);
      }
      made.push(folder);
    }
    for (const [file, content] of files) {
      const previous = existsSync(file) ? readBytes(file) : undefined;
      writeFileAtomic(file, content);
      written.push({ file, previous });
    }
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    const left = undo(written, made);
    const outcome = left.length === 0 ? 'nothing written' : `could not undo ${left.join(', ')}`;
    throw new CliError(`${error.message}: ${outcome}`, error.exitCode);
  }
}

/** Best effort, newest first; returns the paths it could not put back. */
function undo(written: readonly { file: string; previous: Uint8Array | undefined }[], made: readonly string[]): string[] {
  const left: string[] = [];
  for (const { file, previous } of [...written].reverse()) {
    try {
      if (previous === undefined) rmSync(file);
      else writeFileAtomic(file, previous);
    } catch {
      left.push(file);
    }
  }
  for (const folder of [...made].reverse()) {
    try {
      rmdirSync(folder);
    } catch {
      left.push(folder);
    }
  }
  return left;
}
