/**
 * The linker: instantiates the guests of a schema, wires every import to an
 * export of another guest or to a host implementation, checks every shape at
 * link time, and gives typed, allocation-free calls.
 */
import { KarmemWriteError, Reader, type Writer } from '@karmem-ts/runtime';
import {
  ABI_VERSION,
  ARENA_GROW,
  ARENA_MODULE,
  ENV_MEMORY,
  ENV_MODULE,
  EXPORT_ABI_VERSION,
  EXPORT_FRAME,
  EXPORT_RESERVE,
  FUNCTION_TYPE,
  INTERFACE_IMPORT_PREFIX,
  PAGE_SIZE,
  STATUS,
  exportName,
} from './abi';
import type { CallerSide, Endpoint } from './endpoint';
import {
  GuestError,
  GuestTrapError,
  HostFunctionError,
  KarmemLinkerError,
  LinkError,
  type LinkProblem,
  MemoryCapError,
  ReentrancyError,
  TimeoutError,
} from './errors';
import { GuestInstance, type MemorySetup, SharedMemoryGroup, requiredPages } from './guest';
import type { ClientOf, Codec, FunctionSpec, HostOf, InterfaceSpec, ObjectClientOf, SchemaSpec } from './spec';
import { type WasmInfo, tryReadWasm, withMemoryMaximum } from './wasm-binary';

export type ModuleSource = BufferSource | WebAssembly.Module;

/** Runs a guest somewhere else than this thread (see `@karmem-ts/linker/worker`). */
export interface Runner {
  readonly kind: string;
  create(setup: RunnerSetup): Endpoint & { start(): Promise<void> };
}

/** What a runner needs to host one guest. */
export interface RunnerSetup {
  readonly name: string;
  readonly module: WebAssembly.Module;
  readonly functionExports: readonly string[];
  readonly functionNames: readonly string[];
  /** Memory pages to create when the guest imports its memory (0: it owns one). */
  readonly importedMemoryPages: number;
  readonly memoryLimit: number;
  /** The guest's `karmem:<Interface>` imports, in the order `serveImport` numbers them. */
  readonly interfaceImports: readonly { readonly module: string; readonly name: string }[];
  /** Serves import `index` for the guest, whose argument is `len` bytes at `ptr` of `caller.bytes()`. */
  serveImport(index: number, caller: CallerSide, ptr: number, len: number): number;
  readonly log: (line: string) => void;
}

export interface GuestOptions {
  /** The guest: wasm bytes, or a compiled module. */
  readonly source: ModuleSource;
  /**
   * Cap on the memory the guest may use, in bytes (static data included).
   * Exact for guests whose memory the host owns (`--importMemory`): past it a
   * call fails with MemoryCapError and the module is reset. For guests that
   * own their memory, it is written into the memory's maximum, so the
   * guest's allocator traps: a GuestTrapError. That needs the bytes: a cap on
   * a compiled module that owns its memory is a LinkError.
   */
  readonly memoryLimit?: number;
  /** Run the guest elsewhere: `inWorker({ timeoutMs })` from `@karmem-ts/linker/worker`. */
  readonly runner?: Runner;
}

export interface LinkOptions {
  readonly schema: SchemaSpec;
  /** The guests to link, by module name (each must be a module of the schema). */
  readonly modules: Readonly<Record<string, ModuleSource | GuestOptions>>;
  /** Host implementations, by interface name, for imports no module provides. */
  readonly host?: Readonly<Record<string, object>>;
  /**
   * Who provides an import the schema leaves open (`imports Log;`), per
   * module: `{ engine: { Log: 'logger' } }`, or `'host'`. Default: the host
   * implementation when there is one, else the only linked module that
   * implements the interface.
   */
  readonly bind?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * `copy` (default): each guest has its own memory; a message crossing from
   * one guest to another is copied once. `shared`: every in-thread guest
   * imports one memory and messages cross by address, with no copy (guests
   * built with `--importMemory --memoryBase N` and the host-arena allocator).
   */
  readonly memory?: 'copy' | 'shared';
  /** Largest size of the shared memory, in 64 KiB pages (default: the engine's limit). */
  readonly maximumPages?: number;
  /** Extra imports for every guest (merged under the linker's own). */
  readonly imports?: WebAssembly.Imports;
  /** Where guest traces and abort messages go. */
  readonly log?: (line: string) => void;
  /** Called with every fault of a nested call (a callee trapped, a host implementation threw...). */
  readonly onFault?: (error: KarmemLinkerError) => void;
}

/** Counters, for tests and reports. */
export interface LinkStats {
  /** Messages copied from one memory to another, and their bytes. */
  copies: number;
  bytesCopied: number;
  /** Calls from one guest to another guest or to the host. */
  importCalls: number;
}

type Provider = { readonly kind: 'module'; readonly name: string } | { readonly kind: 'host'; readonly impl: Record<string, unknown> };

interface Prepared {
  readonly name: string;
  readonly module: WebAssembly.Module;
  readonly info: WasmInfo | undefined;
  readonly options: GuestOptions;
  readonly importsMemory: boolean;
  readonly importedMemoryPages: number;
  readonly usesArena: boolean;
  readonly functionExports: string[];
  readonly functionNames: string[];
  readonly functionSpecs: FunctionSpec[];
  readonly interfaceImports: { module: string; name: string; iface: string; fn: string; spec: FunctionSpec | undefined }[];
}

/** Links the guests of a schema. Rejects with a LinkError naming every problem it finds. */
export async function link(options: LinkOptions): Promise<Linked> {
  const problems: LinkProblem[] = [];
  const schema = options.schema;
  const shared = options.memory === 'shared';

  // 1. Compile, read shapes.
  const prepared: Prepared[] = [];
  for (const [name, given] of Object.entries(options.modules)) {
    const guestOptions: GuestOptions = isGuestOptions(given) ? given : { source: given };
    const spec = schema.modules[name];
    if (!spec) {
      problems.push({ module: name, problem: `not a module of schema "${schema.name}" (its modules: ${Object.keys(schema.modules).join(', ') || 'none'})` });
      continue;
    }
    let module: WebAssembly.Module;
    let info: WasmInfo | undefined;
    try {
      ({ module, info } = await compile(guestOptions));
    } catch (error) {
      problems.push({ module: name, problem: `not a valid WebAssembly module: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    prepared.push(prepare(name, module, info, guestOptions, schema, options.imports, problems));
  }

  // 2. Providers of every import.
  const linkedNames = new Set(prepared.map((p) => p.name));
  const providers = new Map<string, Map<string, Provider>>();
  for (const p of prepared) {
    const spec = schema.modules[p.name]!;
    const byInterface = new Map<string, Provider>();
    const needed = new Set(p.interfaceImports.map((i) => i.iface));
    for (const iface of needed) {
      const declared = spec.imports.find((i) => i.interface === iface);
      const provider = resolveProvider(p.name, iface, declared?.from, options, schema, linkedNames, problems);
      if (provider) {
        byInterface.set(iface, provider);
        if (provider.kind === 'host') {
          for (const imp of p.interfaceImports.filter((i) => i.iface === iface)) {
            if (typeof provider.impl[imp.fn] !== 'function') {
              problems.push({ module: p.name, function: `${iface}.${imp.fn}`, problem: `imported from the host, whose implementation of ${iface} has no function ${imp.fn}` });
            }
          }
        }
      }
    }
    providers.set(p.name, byInterface);
  }
  if (shared) {
    for (const p of prepared) {
      if (p.options.runner) continue;
      if (!p.importsMemory) {
        problems.push({ module: p.name, problem: 'shared memory needs a guest that imports its memory: build it with --importMemory --memoryBase N and the host-arena allocator' });
      } else if (!p.usesArena) {
        problems.push({ module: p.name, problem: `shared memory needs the host-arena allocator (no ${ARENA_MODULE}.${ARENA_GROW} import): build it with asbuild --allocator libs/linker/assembly/allocator.ts` });
      }
    }
  }
  if (problems.length > 0) throw new LinkError(problems);

  // 3. Shared memory: where each module's static data lies; they must not overlap.
  let group: SharedMemoryGroup | undefined;
  const layouts = new Map<string, { memoryBase: number; heapBase: number }>();
  if (shared) {
    for (const p of prepared) {
      if (p.options.runner) continue;
      layouts.set(p.name, probeLayout(p));
    }
    const ranges = [...layouts.entries()].sort((a, b) => a[1].memoryBase - b[1].memoryBase);
    for (let i = 1; i < ranges.length; i++) {
      const [prevName, prev] = ranges[i - 1]!;
      const [name, cur] = ranges[i]!;
      if (cur.memoryBase < prev.heapBase) {
        problems.push({
          module: name,
          problem: `its static data [${cur.memoryBase}, ${cur.heapBase}) overlaps module "${prevName}" [${prev.memoryBase}, ${prev.heapBase}): build them with --memoryBase values at least ${prev.heapBase - prev.memoryBase} bytes apart`,
        });
      }
    }
    if (problems.length > 0) throw new LinkError(problems);
    const top = Math.max(1, ...[...layouts.values()].map((l) => l.heapBase));
    const firstPage = Math.ceil(top / PAGE_SIZE);
    const descriptor: WebAssembly.MemoryDescriptor = { initial: firstPage };
    if (options.maximumPages !== undefined) descriptor.maximum = options.maximumPages;
    group = new SharedMemoryGroup(new WebAssembly.Memory(descriptor), firstPage);
  }

  // 4. Endpoints, then instances (providers first, so start functions may call them).
  const linked = new Linked(schema, options);
  const endpoints = new Map<string, Endpoint & { start?: () => Promise<void> | void }>();
  linked.attach(endpoints, prepared);
  for (const p of prepared) {
    const memoryLimit = p.options.memoryLimit ?? Infinity;
    if (p.options.runner) {
      const imports = p.interfaceImports;
      const serve = imports.map((imp) => linked.bridge(p.name, imp.iface, imp.spec, providers.get(p.name)!.get(imp.iface)!, false));
      endpoints.set(
        p.name,
        p.options.runner.create({
          name: p.name,
          module: p.module,
          functionExports: p.functionExports,
          functionNames: p.functionNames,
          importedMemoryPages: p.importsMemory ? p.importedMemoryPages : 0,
          memoryLimit,
          interfaceImports: imports.map(({ module, name }) => ({ module, name })),
          serveImport: (index, caller, ptr, len) => serve[index]!(caller, ptr, len),
          log: linked.log,
        }),
      );
      continue;
    }
    const memory: MemorySetup = shared ? { kind: 'shared', group: group! } : p.importsMemory ? { kind: 'isolated', pages: p.importedMemoryPages } : { kind: 'own' };
    const layout = layouts.get(p.name);
    const guest = new GuestInstance({
      name: p.name,
      module: p.module,
      functionExports: p.functionExports,
      functionNames: p.functionNames,
      memory,
      memoryLimit,
      staticBytes: layout ? layout.heapBase - layout.memoryBase : 0,
      interfaceImports: (g) => {
        const out: Record<string, Record<string, (ptr: number, len: number) => number>> = {};
        for (const imp of p.interfaceImports) {
          const provider = providers.get(p.name)!.get(imp.iface)!;
          const sameMemory = shared && provider.kind === 'module' && !prepared.find((q) => q.name === provider.name)!.options.runner;
          const serve = linked.bridge(p.name, imp.iface, imp.spec, provider, sameMemory);
          (out[imp.module] ??= {})[imp.name] = (ptr: number, len: number) => serve(g, ptr >>> 0, len >>> 0);
        }
        return out;
      },
      extraImports: options.imports,
      log: linked.log,
    });
    endpoints.set(p.name, guest);
  }
  try {
    for (const name of startOrder(prepared, providers)) {
      const endpoint = endpoints.get(name)!;
      if (endpoint instanceof GuestInstance) {
        endpoint.start();
        checkAbiVersion(endpoint);
      } else {
        await endpoint.start!();
      }
    }
  } catch (error) {
    await linked.close();
    throw error;
  }
  return linked;
}

function isGuestOptions(value: ModuleSource | GuestOptions): value is GuestOptions {
  return typeof value === 'object' && value !== null && 'source' in value;
}

async function compile(options: GuestOptions): Promise<{ module: WebAssembly.Module; info: WasmInfo | undefined }> {
  const source = options.source;
  if (source instanceof WebAssembly.Module) return { module: source, info: undefined };
  let bytes: Uint8Array = ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength) : new Uint8Array(source);
  let info = tryReadWasm(bytes);
  const limit = options.memoryLimit;
  if (info && limit !== undefined && Number.isFinite(limit) && info.memories.length > 0) {
    bytes = withMemoryMaximum(bytes, Math.max(1, Math.floor(limit / PAGE_SIZE)));
    info = tryReadWasm(bytes);
  }
  return { module: await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>), info };
}

/** Checks one guest's exports and imports against the schema; gathers what linking needs. */
function prepare(
  name: string,
  module: WebAssembly.Module,
  info: WasmInfo | undefined,
  options: GuestOptions,
  schema: SchemaSpec,
  extraImports: WebAssembly.Imports | undefined,
  problems: LinkProblem[],
): Prepared {
  const spec = schema.modules[name]!;
  const exportKinds = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
  const exportTypes = new Map(info?.exports.map((e) => [e.name, e.type]) ?? []);
  const importTypes = new Map(info?.imports.map((i) => [`${i.module}\0${i.name}`, i]) ?? []);

  const checkFunction = (exp: string, fn: string | undefined, want: string, what: string) => {
    const kind = exportKinds.get(exp);
    if (kind === undefined) {
      problems.push({ module: name, ...(fn ? { function: fn } : {}), problem: `missing export "${exp}" (${what})` });
    } else if (kind !== 'function') {
      problems.push({ module: name, ...(fn ? { function: fn } : {}), problem: `export "${exp}" is a ${kind}, not a function` });
    } else {
      const type = exportTypes.get(exp);
      if (type !== undefined && type !== want) problems.push({ module: name, ...(fn ? { function: fn } : {}), problem: `export "${exp}" has type ${type}, expected ${want}` });
    }
  };
  checkFunction(EXPORT_ABI_VERSION, undefined, '()->i32', 'not a karmem guest: re-export the ABI functions of "@karmem-ts/linker/assembly"');
  checkFunction(EXPORT_FRAME, undefined, '()->i32', 'part of the karmem ABI');
  checkFunction(EXPORT_RESERVE, undefined, '(i32,i32)->i32', 'part of the karmem ABI');

  const functionExports: string[] = [];
  const functionNames: string[] = [];
  const functionSpecs: FunctionSpec[] = [];
  for (const ifaceName of spec.implements) {
    const iface = schema.interfaces[ifaceName];
    if (!iface) {
      problems.push({ module: name, problem: `implements ${ifaceName}, which the schema does not define` });
      continue;
    }
    for (const fn of iface.functions) {
      const exp = exportName(ifaceName, fn.name);
      checkFunction(exp, `${ifaceName}.${fn.name}`, FUNCTION_TYPE, `implements ${ifaceName}`);
      functionExports.push(exp);
      functionNames.push(`${ifaceName}.${fn.name}`);
      functionSpecs.push(fn);
    }
  }

  let importsMemory = false;
  let importedMemoryPages = 1;
  let usesArena = false;
  const interfaceImports: Prepared['interfaceImports'] = [];
  for (const imp of WebAssembly.Module.imports(module)) {
    const typed = importTypes.get(`${imp.module}\0${imp.name}`);
    if (imp.module === ENV_MODULE && imp.name === ENV_MEMORY && imp.kind === 'memory') {
      importsMemory = true;
      importedMemoryPages = Math.max(1, typed?.limits?.min ?? 1);
      continue;
    }
    if (imp.module === ENV_MODULE && ['abort', 'trace', 'seed'].includes(imp.name)) continue;
    if (imp.module === ARENA_MODULE && imp.name === ARENA_GROW) {
      usesArena = true;
      continue;
    }
    if (imp.module.startsWith(INTERFACE_IMPORT_PREFIX)) {
      const ifaceName = imp.module.slice(INTERFACE_IMPORT_PREFIX.length);
      const fnName = `${ifaceName}.${imp.name}`;
      if (!spec.imports.some((i) => i.interface === ifaceName)) {
        problems.push({ module: name, function: fnName, problem: `imports interface ${ifaceName}, which the schema does not list in "module ${name} ... imports"` });
        continue;
      }
      const iface = schema.interfaces[ifaceName];
      const fn = iface?.functions.find((f) => f.name === imp.name);
      if (!iface || !fn) {
        problems.push({ module: name, function: fnName, problem: `imports ${imp.name}, which interface ${ifaceName} does not declare` });
        continue;
      }
      if (imp.kind !== 'function') {
        problems.push({ module: name, function: fnName, problem: `import is a ${imp.kind}, not a function` });
        continue;
      }
      if (typed?.type !== undefined && typed.type !== FUNCTION_TYPE) {
        problems.push({ module: name, function: fnName, problem: `import has type ${typed.type}, expected ${FUNCTION_TYPE}` });
        continue;
      }
      interfaceImports.push({ module: imp.module, name: imp.name, iface: ifaceName, fn: imp.name, spec: fn });
      continue;
    }
    if ((extraImports?.[imp.module] as Record<string, unknown> | undefined)?.[imp.name] === undefined) {
      problems.push({ module: name, problem: `imports ${imp.module}.${imp.name} (a ${imp.kind}), which neither the karmem ABI nor options.imports provides` });
    }
  }
  const limit = options.memoryLimit;
  if (limit !== undefined && Number.isFinite(limit) && !importsMemory && info === undefined) {
    problems.push({ module: name, problem: 'memoryLimit cannot be enforced on a compiled module that owns its memory: pass its bytes, or build it with --importMemory and the host-arena allocator' });
  }
  if (usesArena && !importsMemory) {
    problems.push({ module: name, problem: `imports ${ARENA_MODULE}.${ARENA_GROW} but owns its memory: the host-arena allocator needs --importMemory` });
  }
  return { name, module, info, options, importsMemory, importedMemoryPages, usesArena, functionExports, functionNames, functionSpecs, interfaceImports };
}

function resolveProvider(
  module: string,
  iface: string,
  from: string | undefined,
  options: LinkOptions,
  schema: SchemaSpec,
  linked: Set<string>,
  problems: LinkProblem[],
): Provider | undefined {
  const choice = from ?? options.bind?.[module]?.[iface];
  const host = options.host?.[iface] as Record<string, unknown> | undefined;
  if (choice === 'host') {
    if (host) return { kind: 'host', impl: host };
    problems.push({ module, problem: `imports ${iface} from the host, but options.host has no ${iface}` });
    return undefined;
  }
  if (choice !== undefined) {
    if (!linked.has(choice)) {
      problems.push({ module, problem: `imports ${iface} from module "${choice}", which is not linked (no wasm given for it)` });
      return undefined;
    }
    if (!schema.modules[choice]?.implements.includes(iface)) {
      problems.push({ module, problem: `imports ${iface} from module "${choice}", which does not implement ${iface}` });
      return undefined;
    }
    return { kind: 'module', name: choice };
  }
  if (host) return { kind: 'host', impl: host };
  const candidates = [...linked].filter((m) => m !== module && schema.modules[m]?.implements.includes(iface));
  if (candidates.length === 1) return { kind: 'module', name: candidates[0]! };
  problems.push({
    module,
    problem:
      candidates.length === 0
        ? `nobody provides ${iface}: link a module that implements it, or pass options.host.${iface}`
        : `several linked modules implement ${iface} (${candidates.join(', ')}): choose one with options.bind`,
  });
  return undefined;
}

/** Providers before the modules that import from them (cycles: any order). */
function startOrder(prepared: readonly Prepared[], providers: Map<string, Map<string, Provider>>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name)) return;
    state.set(name, 'visiting');
    for (const provider of providers.get(name)?.values() ?? []) if (provider.kind === 'module') visit(provider.name);
    state.set(name, 'done');
    order.push(name);
  };
  for (const p of prepared) visit(p.name);
  return order;
}

/**
 * Where a shared-memory guest's static data and stack lie: instantiated once
 * alone, in a scratch memory, with inert imports, to read its frame.
 */
function probeLayout(p: Prepared): { memoryBase: number; heapBase: number } {
  let pages = p.importedMemoryPages;
  for (let attempt = 0; attempt < 8; attempt++) {
    const memory = new WebAssembly.Memory({ initial: pages });
    const imports: WebAssembly.Imports = {
      env: { memory, abort: () => { throw new Error('abort during probe'); }, trace: () => {}, seed: () => 0 },
      [ARENA_MODULE]: { [ARENA_GROW]: (bytes: number) => memory.grow(Math.ceil((bytes >>> 0) / PAGE_SIZE)) * PAGE_SIZE },
    };
    for (const imp of WebAssembly.Module.imports(p.module)) {
      if (imp.kind !== 'function' || (imp.module === ENV_MODULE && imp.name in (imports.env as object)) || imp.module === ARENA_MODULE) continue;
      ((imports[imp.module] ??= {}) as Record<string, unknown>)[imp.name] = () => -STATUS.CALLEE_FAILED;
    }
    try {
      const instance = new WebAssembly.Instance(p.module, imports);
      const frame = (instance.exports[EXPORT_FRAME] as () => number)() >>> 0;
      const u32 = new Uint32Array(memory.buffer);
      return { memoryBase: u32[(frame >>> 2) + 2]!, heapBase: u32[(frame >>> 2) + 3]! };
    } catch (error) {
      const needed = requiredPages(error);
      if (needed !== undefined && needed > pages) {
        pages = needed;
        continue;
      }
      throw new LinkError([{ module: p.name, problem: `could not be instantiated to read its memory layout: ${error instanceof Error ? error.message : String(error)}` }], { cause: error });
    }
  }
  throw new LinkError([{ module: p.name, problem: 'could not find the size of memory it needs' }]);
}

function checkAbiVersion(guest: GuestInstance): void {
  const version = (guest.instance.exports[EXPORT_ABI_VERSION] as () => number)();
  if (version !== ABI_VERSION) {
    throw new LinkError([{ module: guest.name, problem: `speaks karmem ABI version ${version}; this linker speaks ${ABI_VERSION}` }]);
  }
}

/**
 * Copies `len` bytes: a short loop for small messages (no view is made);
 * `copyWithin` inside one buffer (`set` from a view of its own buffer first
 * clones the source: twice the work); `set` between two memories.
 */
function copyBytes(src: Uint8Array, from: number, len: number, dst: Uint8Array, to: number): void {
  if (len <= 64) {
    for (let i = 0; i < len; i++) dst[to + i] = src[from + i]!;
  } else if (src.buffer === dst.buffer) {
    dst.copyWithin(to, src.byteOffset - dst.byteOffset + from, src.byteOffset - dst.byteOffset + from + len);
  } else {
    dst.set(src.subarray(from, from + len), to);
  }
}

/** A guest function bound to its module: the allocation-free call path. */
export class BoundFunction<T = unknown, V = unknown> {
  /** Size the argument region is asked for; grows with the largest argument seen. */
  private sizeHint = 1024;

  constructor(
    private readonly linked: Linked,
    readonly endpoint: Endpoint,
    readonly index: number,
    readonly spec: FunctionSpec,
    /** `Interface.Function`. */
    readonly qualifiedName: string,
  ) {}

  /**
   * Encodes `arg` straight into the guest's memory, calls, and returns a
   * reader over the answer in place (the linker's cached reader: valid until
   * the next call into this module; empty when there is no answer).
   */
  call(arg?: unknown): Reader {
    const param = this.spec.param;
    let len = 0;
    if (param) {
      len = this.write(param, arg);
    }
    return this.run(len);
  }

  /** Calls with an already encoded argument: one copy into the guest's memory. */
  callBytes(message: Uint8Array): Reader {
    const endpoint = this.endpoint;
    endpoint.argWriter(message.length);
    copyBytes(message, 0, message.length, endpoint.argU8, endpoint.argOffset);
    return this.run(message.length);
  }

  /** Calls after `write` wrote the argument into the region's writer (retried with more room when it runs out). */
  callWith(write: (writer: Writer) => void): Reader {
    return this.run(this.fill(undefined, undefined, write));
  }

  /** The answer as a zero-copy viewer (valid until the next call into this module). */
  view(arg?: unknown): V {
    const reader = this.call(arg);
    const result = this.spec.result;
    return (result ? result.view(reader) : undefined) as V;
  }

  /** The answer as plain data. */
  decode(arg?: unknown): T {
    const reader = this.call(arg);
    const result = this.spec.result;
    return (result ? result.decode(reader) : undefined) as T;
  }

  private write(codec: Codec, arg: unknown): number {
    return this.fill(codec, arg, undefined);
  }

  /**
   * Encodes `arg` with `codec` (or runs `write`) into the argument region's
   * writer; on OUT_OF_SPACE, again into a larger region. Returns the length
   * written. (No closure: this is the hot path.)
   */
  private fill(codec: Codec | undefined, arg: unknown, write: ((writer: Writer) => void) | undefined): number {
    let w = this.endpoint.argWriter(this.sizeHint);
    for (;;) {
      try {
        if (codec !== undefined) codec.encode(arg, w);
        else write!(w);
        return w.length;
      } catch (error) {
        if (!(error instanceof KarmemWriteError) || error.code !== 'OUT_OF_SPACE') throw error;
        this.sizeHint = Math.max(w.capacity * 2, w.length + error.requested);
        w = this.endpoint.argWriter(this.sizeHint);
      }
    }
  }

  private run(len: number): Reader {
    const linked = this.linked;
    const faults = linked.faultCount;
    const status = this.endpoint.invoke(this.index, len);
    if (status < 0) throw new GuestError(this.endpoint.name, this.qualifiedName, -status, { cause: linked.faultSince(faults) });
    return this.endpoint.resultReader(status);
  }
}

/** Linked guests. */
export class Linked {
  readonly stats: LinkStats = { copies: 0, bytesCopied: 0, importCalls: 0 };
  /** Faults of nested calls, oldest first (the last 64). */
  readonly faults: KarmemLinkerError[] = [];
  /** Number of faults ever recorded. */
  faultCount = 0;
  readonly log: (line: string) => void;
  private endpoints = new Map<string, Endpoint>();
  private prepared = new Map<string, Prepared>();
  private readonly bound = new Map<string, BoundFunction>();
  private readonly hostReader = new Reader();
  private closed = false;

  constructor(
    readonly schema: SchemaSpec,
    private readonly options: LinkOptions,
  ) {
    this.log = options.log ?? (() => {});
  }

  /** @internal */
  attach(endpoints: Map<string, Endpoint>, prepared: readonly Prepared[]): void {
    this.endpoints = endpoints;
    this.prepared = new Map(prepared.map((p) => [p.name, p]));
  }

  /** Names of the linked modules. */
  get modules(): string[] {
    return [...this.endpoints.keys()];
  }

  /** A linked module's endpoint (its memory, counters...). */
  endpoint(module: string): Endpoint {
    const endpoint = this.endpoints.get(module);
    if (!endpoint) throw new LinkError([{ module, problem: 'not linked' }]);
    return endpoint;
  }

  /** One function of one module, for the allocation-free call path. */
  function(module: string, iface: string, fn: string): BoundFunction {
    const key = `${module}\0${iface}\0${fn}`;
    let bound = this.bound.get(key);
    if (!bound) {
      const endpoint = this.endpoint(module);
      const p = this.prepared.get(module)!;
      const qualified = `${iface}.${fn}`;
      const index = p.functionNames.indexOf(qualified);
      if (index < 0) throw new LinkError([{ module, function: qualified, problem: `the module does not implement ${qualified}` }]);
      bound = new BoundFunction(this, endpoint, index, p.functionSpecs[index]!, qualified);
      this.bound.set(key, bound);
    }
    return bound;
  }

  /**
   * A typed client of `iface` as implemented by `module`. Its functions take
   * plain data and return zero-copy viewers (valid until the next call into
   * the module), or plain data with `results: 'object'`.
   */
  client<S extends InterfaceSpec>(module: string, iface: S): ClientOf<S>;
  client<S extends InterfaceSpec>(module: string, iface: S, results: 'viewer'): ClientOf<S>;
  client<S extends InterfaceSpec>(module: string, iface: S, results: 'object'): ObjectClientOf<S>;
  client<S extends InterfaceSpec>(module: string, iface: S, results: 'viewer' | 'object' = 'viewer'): unknown {
    const out: Record<string, (arg?: unknown) => unknown> = {};
    for (const fn of iface.functions) {
      const bound = this.function(module, iface.name, fn.name);
      out[fn.name] = results === 'viewer' ? (arg?: unknown) => bound.view(arg) : (arg?: unknown) => bound.decode(arg);
    }
    return out;
  }

  /** Restarts a module: fresh instance and memory (or heap, when shared). */
  reset(module: string): void {
    this.endpoint(module).reset();
  }

  /** Stops workers and releases memory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.endpoints.values()].map((e) => e.close()));
  }

  /** @internal The first fault recorded since `count`. */
  faultSince(count: number): KarmemLinkerError | undefined {
    if (this.faultCount === count) return undefined;
    const back = this.faultCount - count;
    return this.faults[Math.max(0, this.faults.length - back)];
  }

  /** @internal */
  recordFault(error: KarmemLinkerError): void {
    this.faultCount++;
    this.faults.push(error);
    if (this.faults.length > 64) this.faults.shift();
    this.log(`karmem: ${error.message}`);
    this.options.onFault?.(error);
  }

  /**
   * @internal Serves an import of `caller`: calls the provider and returns
   * the status the caller's import returns. Never throws into the guest:
   * failures become status codes and recorded faults.
   */
  bridge(caller: string, iface: string, spec: FunctionSpec | undefined, provider: Provider, sameMemory: boolean): (side: CallerSide, ptr: number, len: number) => number {
    const qualified = `${iface}.${spec?.name ?? '?'}`;
    const stats = this.stats;
    if (provider.kind === 'host') {
      const impl = provider.impl;
      const fn = impl[spec!.name] as (arg?: unknown) => unknown;
      const param = spec!.param;
      const result = spec!.result;
      const reader = this.hostReader;
      return (side, ptr, len) => {
        stats.importCalls++;
        let value: unknown;
        try {
          const bytes = side.bytes();
          value = fn.call(impl, param ? param.view(reader.resetAt(bytes.buffer, ptr, len)) : undefined);
        } catch (error) {
          this.recordFault(new HostFunctionError(caller, qualified, error));
          return -STATUS.CALLEE_FAILED;
        }
        if (!result) return 0;
        try {
          return this.answerFromHost(side, result, value);
        } catch (error) {
          this.recordFault(error instanceof KarmemLinkerError ? error : new HostFunctionError(caller, qualified, error));
          return -(error instanceof MemoryCapError ? STATUS.MEMORY_CAP : STATUS.CALLEE_FAILED);
        }
      };
    }
    const callee = provider.name;
    const index = this.prepared.get(callee)!.functionNames.indexOf(qualified);
    return (side, ptr, len) => {
      stats.importCalls++;
      const endpoint = this.endpoints.get(callee)!;
      if (endpoint.busy) {
        this.recordFault(new ReentrancyError(callee, qualified));
        return -STATUS.REENTRANT;
      }
      let status: number;
      try {
        if (sameMemory) {
          // Shared memory: the callee reads the caller's bytes where they are.
          status = (endpoint as GuestInstance).invokeAt(index, ptr, len);
          if (status > 0) side.publish(endpoint.resultPtr);
        } else {
          endpoint.argWriter(len);
          copyBytes(side.bytes(), ptr, len, endpoint.argU8, endpoint.argOffset);
          stats.copies++;
          stats.bytesCopied += len;
          status = endpoint.invoke(index, len);
          if (status > 0) {
            const at = side.answerRegion(status);
            copyBytes(endpoint.resultU8, endpoint.resultPtr, status, side.bytes(), at);
            stats.copies++;
            stats.bytesCopied += status;
            side.publish(at);
          }
        }
      } catch (error) {
        if (!(error instanceof KarmemLinkerError)) throw error;
        this.recordFault(error);
        return -codeOf(error);
      }
      if (status < 0) {
        // Application codes pass through; the callee's own failures read as CALLEE_FAILED.
        const code = -status;
        this.recordFault(new GuestError(callee, qualified, code));
        return code >= STATUS.APPLICATION ? status : -STATUS.CALLEE_FAILED;
      }
      return status;
    };
  }

  private answerFromHost(side: CallerSide, codec: Codec, value: unknown): number {
    if (value instanceof Uint8Array) {
      const at = side.answerRegion(value.length);
      copyBytes(value, 0, value.length, side.bytes(), at);
      side.publish(at);
      return value.length;
    }
    let size = 1024;
    for (;;) {
      const w = side.answerWriter(size);
      try {
        codec.encode(value, w);
      } catch (error) {
        if (!(error instanceof KarmemWriteError) || error.code !== 'OUT_OF_SPACE') throw error;
        size = Math.max(w.capacity * 2, w.length + error.requested);
        continue;
      }
      side.publish(side.answerRegion(0));
      return w.length;
    }
  }
}

function codeOf(error: KarmemLinkerError): number {
  if (error instanceof GuestTrapError) return STATUS.CALLEE_TRAPPED;
  if (error instanceof TimeoutError) return STATUS.TIMEOUT;
  if (error instanceof MemoryCapError) return STATUS.MEMORY_CAP;
  if (error instanceof ReentrancyError) return STATUS.REENTRANT;
  return STATUS.CALLEE_FAILED;
}

export type { ClientOf, HostOf, ObjectClientOf };
