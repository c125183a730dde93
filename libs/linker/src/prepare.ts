/**
 * Instantiation, before any instance exists: compiles each guest, checks its
 * exports and imports against the schema, finds who provides every import,
 * and orders the start functions. Every problem found becomes a LinkProblem.
 */
import {
  ARENA_GROW,
  ARENA_MODULE,
  ENV_MEMORY,
  ENV_MODULE,
  EXPORT_ABI_VERSION,
  EXPORT_FRAME,
  EXPORT_RESERVE,
  FUNCTION_TYPE,
  CHECKED_IMPORT_PREFIX,
  INTERFACE_IMPORT_PREFIX,
  PAGE_SIZE,
  exportName,
} from './abi';
import type { LinkProblem } from './errors';
import { FUEL_MODULE, FUEL_NAME } from './fuel';
import type { GuestOptions, LinkOptions, ModuleSource } from './options';
import type { FunctionSpec, SchemaSpec } from './spec';
import { type WasmInfo, tryReadWasm, withMemoryMaximum } from './wasm-binary';

export type Provider = { readonly kind: 'module'; readonly name: string } | { readonly kind: 'host'; readonly impl: Record<string, unknown> };

export interface Prepared {
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
  /** `checked`: imported as `karmem-checked:<Interface>`, the guest handles failures itself. */
  readonly interfaceImports: { module: string; name: string; iface: string; fn: string; spec: FunctionSpec | undefined; checked: boolean }[];
}

export function isGuestOptions(value: ModuleSource | GuestOptions): value is GuestOptions {
  return typeof value === 'object' && value !== null && 'source' in value;
}

export async function compile(options: GuestOptions): Promise<{ module: WebAssembly.Module; info: WasmInfo | undefined }> {
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
export function prepare(
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
    if (imp.module === FUEL_MODULE && imp.name === FUEL_NAME && imp.kind === 'global') continue; // metered: ./fuel.ts
    if (imp.module === ARENA_MODULE && imp.name === ARENA_GROW) {
      usesArena = true;
      continue;
    }
    const prefix = imp.module.startsWith(INTERFACE_IMPORT_PREFIX) ? INTERFACE_IMPORT_PREFIX : imp.module.startsWith(CHECKED_IMPORT_PREFIX) ? CHECKED_IMPORT_PREFIX : undefined;
    if (prefix !== undefined) {
      const ifaceName = imp.module.slice(prefix.length);
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
      interfaceImports.push({ module: imp.module, name: imp.name, iface: ifaceName, fn: imp.name, spec: fn, checked: prefix === CHECKED_IMPORT_PREFIX });
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

export function resolveProvider(
  module: string,
  iface: string,
  from: string | undefined,
  options: LinkOptions,
  schema: SchemaSpec,
  linked: Set<string>,
  problems: LinkProblem[],
): Provider | undefined {
  const bound = options.bind?.[module]?.[iface];
  // `bind: { m: { I: 'host' } }` also overrides the schema's `imports I from x`: the host implementation
  // stands in for x, which runs elsewhere (a worker pool, a module served over NATS).
  const choice = bound === 'host' ? bound : (from ?? bound);
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
export function startOrder(prepared: readonly Prepared[], providers: Map<string, Map<string, Provider>>): string[] {
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

