/**
 * `karmem-ts build`: compiles the config's guests, AssemblyScript ones with
 * asc (tools/asbuild/asbuild.mjs, shared with the monorepo's build script)
 * and the host-arena allocator, C ones with clang and Rust ones with rustc
 * (./native-guests.ts), then Binaryen. Every guest imports its memory, so
 * that the same .wasm runs in copy mode (a memory per guest) and in shared
 * mode (one memory for all). Memory bases are picked here: each guest is
 * compiled once to learn the size of its static data and stack, then the
 * guests are laid out one after another on 64 KiB boundaries and built for
 * real. The layout is written to `<build.outDir>/guests.json` for the host.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { moduleHeaderName, rustModuleName } from '@karmem-ts/codegen-glue';
import type { SchemaLayout } from '@karmem-ts/layout';
import { AsbuildError, compile, loadToolchain, optimize, type Toolchain } from '../../../tools/asbuild/asbuild.mjs';
import { guestEntry, portablePath, type GuestConfig, type GuestLanguage, type KarmemConfig } from './config';
import { loadConfigSchemas } from './commands/generate';
import { CliError, ExitCode, makeDirectory, readText, writeFileAtomic, type OutputOptions } from './io';
import { compileC, compileRust } from './native-guests';

/** WebAssembly page: every guest starts on one. */
export const PAGE = 65536;
/** The first guest starts above page 0, so that address 0 is never anyone's data. */
export const FIRST_BASE = PAGE;

export const MANIFEST_FILE = 'guests.json';

/** The compiler of each guest language. */
export const COMPILERS = { as: 'asc', c: 'clang', rust: 'rustc' } as const satisfies Record<GuestLanguage, string>;
export type Compiler = (typeof COMPILERS)[GuestLanguage];

/** One guest in `guests.json`. Paths are relative to the manifest's folder, with forward slashes. */
export interface ManifestGuest {
  readonly name: string;
  readonly module: string;
  readonly language: GuestLanguage;
  readonly wasm: string;
  /** AssemblyScript runtime (AssemblyScript guests only). */
  readonly runtime?: string;
  /** First byte of its static data (`--memoryBase`, `--global-base`). */
  readonly memoryBase: number;
  /** First byte after its static data and (shadow) stack: [memoryBase, heapBase) is the guest's. */
  readonly heapBase: number;
  readonly compiler: Compiler;
  /** Size as the compiler emitted it, before Binaryen. */
  readonly compiledBytes: number;
  /** The same as compiledBytes, for AssemblyScript guests (the field's earlier name). */
  readonly ascBytes?: number;
  /** Size after Binaryen. */
  readonly bytes: number;
}

/** One compiler run: the module before Binaryen, its features and its heap base. */
interface Compiled {
  readonly binary: Uint8Array;
  readonly features: number;
  readonly heapBase: number;
}

export interface Manifest {
  readonly $comment: string;
  readonly guests: readonly ManifestGuest[];
}

/** Lays guests out one after another on page boundaries, given each one's static size (data and stack). */
export function layOut(staticSizes: readonly number[]): number[] {
  const bases: number[] = [];
  let next = FIRST_BASE;
  for (const size of staticSizes) {
    bases.push(next);
    next += Math.max(PAGE, Math.ceil(size / PAGE) * PAGE);
  }
  return bases;
}

/** Where asc finds the allocator and the @karmem-ts AssemblyScript packages. */
interface Toolkit {
  readonly allocator: string;
  /** Extra asc --path folders (the monorepo's package links; none in a user's project). */
  readonly paths: readonly string[];
}

/**
 * A user's project: `node_modules/@karmem-ts/linker` above the config file
 * (asc then finds the packages itself). Inside the karmem-ts monorepo (the
 * CLI run from dist/), its libs/ through tools/asbuild/packages.
 */
export function findToolkit(configDir: string, cliDir = __dirname): Toolkit {
  for (let dir = configDir; ; dir = dirname(dir)) {
    const allocator = join(dir, 'node_modules/@karmem-ts/linker/assembly/allocator.ts');
    if (existsSync(allocator)) return { allocator, paths: [] };
    if (dirname(dir) === dir) break;
  }
  for (let dir = cliDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'workspace.json')) && existsSync(join(dir, 'libs/linker/assembly/allocator.ts'))) {
      return { allocator: join(dir, 'libs/linker/assembly/allocator.ts'), paths: [join(dir, 'tools/asbuild/packages')] };
    }
    if (dirname(dir) === dir) break;
  }
  throw new CliError(
    `cannot find @karmem-ts/linker/assembly/allocator.ts from ${configDir}: install the guest packages (npm i @karmem-ts/linker @karmem-ts/runtime-as)`,
    ExitCode.Problems,
  );
}

/** Builds every guest of the config; prints one line per guest; returns the manifest it wrote. */
export async function buildGuests(
  config: KarmemConfig,
  output: OutputOptions,
  log: (line: string) => void,
  /** Runs once the config checks out, before the entry files are looked for (build's generation step). */
  beforeCompile: () => void = () => undefined,
): Promise<Manifest> {
  const here = (path: string) => relative(process.cwd(), path) || '.';
  if (config.guests.length === 0) {
    throw new CliError(`${config.file} has no "guests": nothing to build (add one per module to compile to WebAssembly)`, ExitCode.Problems);
  }
  // Schema errors and guests naming no module end here, as in generate.
  const layouts = loadConfigSchemas(config, output).map((l) => l.layout);
  config.guests.forEach((guest, i) => {
    if (!existsSync(guest.implementation)) {
      throw new CliError(`${config.file}: guests[${i}].implementation: ${here(guest.implementation)} does not exist`, ExitCode.Problems);
    }
  });
  beforeCompile();
  config.guests.forEach((guest) => checkGenerated(config, guest, layouts, here));
  const toolkit = config.guests.some((g) => g.language === 'as') ? findToolkit(config.dir) : undefined;
  const allocatorSource = toolkit === undefined ? '' : readText(toolkit.allocator);
  const toolchain = await loadToolchain();

  const compileAt = async (guest: GuestConfig, memoryBase: number): Promise<Compiled> => {
    switch (guest.language) {
      case 'as':
        return compileAssemblyScript(toolchain, guest, guestEntry(config, guest), memoryBase, allocatorSource, toolkit!.paths, config.build.ascFlags, output.color);
      case 'c':
        return withFeatures(toolchain, compileC(guest, config.outputs.c!, memoryBase, output.color));
      case 'rust':
        return withFeatures(toolchain, compileRust(guest, memoryBase, output.color), RUSTC_UNRECORDED_FEATURES);
    }
  };

  // Pass 1: each guest alone at the first base, to learn its static size.
  const probes: Compiled[] = [];
  for (const guest of config.guests) probes.push(await compileAt(guest, FIRST_BASE));
  const sizes = probes.map((p) => p.heapBase - FIRST_BASE);
  const bases = layOut(sizes);

  // Pass 2: for real, at the chosen bases (a probe at its final base is kept).
  const guests: ManifestGuest[] = [];
  for (const [i, guest] of config.guests.entries()) {
    const base = bases[i]!;
    const compiled = base === FIRST_BASE ? probes[i]! : await compileAt(guest, base);
    if (compiled.heapBase - base !== sizes[i]) {
      throw new Error(`guest ${guest.name}: static size changed with its memory base (${sizes[i]} B at ${FIRST_BASE}, ${compiled.heapBase - base} B at ${base})`);
    }
    const optimized = optimize(toolchain, compiled.binary, compiled.features, { optimizeLevel: config.build.optimize, shrinkLevel: config.build.shrink, fuel: guest.fuel });
    const wasm = join(guest.outDir, `${guest.name}.wasm`);
    write(wasm, optimized.binary);
    const compiler = COMPILERS[guest.language];
    const isAs = guest.language === 'as';
    guests.push({
      name: guest.name,
      module: guest.module,
      language: guest.language,
      wasm: portablePath(wasm, config.build.outDir),
      ...(isAs ? { runtime: guest.runtime } : {}),
      memoryBase: base,
      heapBase: compiled.heapBase,
      compiler,
      compiledBytes: compiled.binary.length,
      ...(isAs ? { ascBytes: compiled.binary.length } : {}),
      bytes: optimized.binary.length,
    });
    log(
      `${guest.name}: ${here(wasm)}, memory [${base}, ${compiled.heapBase})${isAs ? ` ${guest.runtime}` : ''}, ` +
        describeSizes(compiler, compiled.binary.length, optimized.binary.length, config.build.optimize, config.build.shrink) +
        (guest.fuel ? ', metered (fuel)' : ''),
    );
  }
  const manifest: Manifest = {
    $comment: 'Written by karmem-ts build: the guests, their .wasm (relative to this file) and memory layout. Every guest imports its memory; in shared mode [memoryBase, heapBase) of each is its static data and stack.',
    guests,
  };
  const manifestFile = join(config.build.outDir, MANIFEST_FILE);
  write(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  log(`wrote ${here(manifestFile)}`);
  return manifest;
}

/**
 * Before compiling: what the guest's build needs from `generate` is there
 * (with --no-generate it may not be): the AssemblyScript entry file, the C
 * entry header, the Rust glue module.
 */
function checkGenerated(config: KarmemConfig, guest: GuestConfig, layouts: readonly SchemaLayout[], here: (path: string) => string): void {
  const layout = layouts.find((l) => l.modules.some((m) => m.name === guest.module))!;
  const [file, what] =
    guest.language === 'as'
      ? [guestEntry(config, guest), 'entry']
      : guest.language === 'c'
        ? [join(config.outputs.c!, moduleHeaderName(layout, guest.module)), 'entry header']
        : [join(config.outputs.rust!, `${rustModuleName(layout, guest.module)}.rs`), 'glue module'];
  if (!existsSync(file)) {
    throw new CliError(`${here(file)} (the ${what} of guest ${guest.name}) does not exist: run \`karmem-ts generate\` first`, ExitCode.Problems);
  }
}

/** `asc 6716 B -> Binaryen -O3 4802 B (-28.5%)`, with the guest's compiler. */
export function describeSizes(compiler: Compiler, compiledBytes: number, bytes: number, optimizeLevel: number, shrinkLevel: number): string {
  const level = `-O${optimizeLevel}${shrinkLevel ? ['', 's', 'z'][shrinkLevel] : ''}`;
  return `${compiler} ${compiledBytes} B -> Binaryen ${level} ${bytes} B (${(((bytes - compiledBytes) / compiledBytes) * 100).toFixed(1)}%)`;
}

/** What rustc 1.63 enables (native-guests.ts, rustcArgs) without recording it in the module, in Binaryen's names (BulkMemoryOpt: memory.copy and memory.fill). */
const RUSTC_UNRECORDED_FEATURES = ['BulkMemory', 'BulkMemoryOpt'] as const;

/**
 * clang's and rustc's modules carry their features (the target_features
 * section): Binaryen keeps exactly those, plus `unrecorded`, the ones a
 * compiler enabled but did not record.
 */
function withFeatures(toolchain: Toolchain, compiled: { binary: Uint8Array; heapBase: number }, unrecorded: readonly string[] = []): Compiled {
  const binaryen = toolchain.binaryen as {
    readBinary(bytes: Uint8Array): { getFeatures(): number; dispose(): void };
    Features: Record<string, number>;
  };
  const module = binaryen.readBinary(compiled.binary);
  try {
    const features = unrecorded.reduce((all, name) => all | (binaryen.Features[name] ?? 0), module.getFeatures());
    return { ...compiled, features };
  } finally {
    module.dispose();
  }
}

async function compileAssemblyScript(
  toolchain: Toolchain,
  guest: GuestConfig,
  entry: string,
  memoryBase: number,
  allocatorSource: string,
  paths: readonly string[],
  ascFlags: readonly string[],
  colors: boolean,
): Promise<Compiled> {
  try {
    const compiled = await compile(toolchain, {
      entry,
      runtime: guest.runtime,
      allocatorSource,
      paths,
      colors,
      ascArgs: ['--importMemory', '--memoryBase', String(memoryBase), ...ascFlags],
    });
    if (compiled.heapBase === null) throw new Error(`asc gave guest ${guest.name} no __heap_base`);
    return { ...compiled, heapBase: compiled.heapBase };
  } catch (error) {
    if (!(error instanceof AsbuildError)) throw error;
    // asc's own diagnostics first, as asc prints them, with file:line:col; then the one-line error.
    const [first, ...rest] = error.message.split('\n');
    if (rest.length > 0) process.stderr.write(`${rest.map(withColonLocation).join('\n')}\n`);
    throw new CliError(`guest ${guest.name}: ${first!.replace(/:$/, "")}`, ExitCode.Problems);
  }
}

/** asc writes `in file.ts(3,5)`; editors and terminals link `file.ts:3:5`. */
function withColonLocation(line: string): string {
  return line.replace(/ in (\S+?)\((\d+),(\d+)\)/g, ' in $1:$2:$3');
}

function write(file: string, content: string | Uint8Array): void {
  makeDirectory(dirname(file));
  writeFileAtomic(file, content);
}
