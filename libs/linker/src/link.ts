/**
 * The linker: instantiates the guests of a schema, wires every import to an
 * export of another guest or to a host implementation, checks every shape at
 * link time, and gives typed, allocation-free calls.
 *
 * `link()` is the sequence; each step lives in its own module:
 * ./prepare.ts (compile, check shapes, providers), ./layout.ts (shared
 * memory layout), ./guest.ts and the runners (instances), ./linked.ts and
 * ./calls.ts (calls and bridges), ./faults.ts, and ./boundary.ts (the one
 * door for guest data).
 */
import { ABI_VERSION, ARENA_GROW, ARENA_MODULE, EXPORT_ABI_VERSION } from './abi';
import type { Endpoint } from './endpoint';
import { LinkError, type LinkProblem, describe } from './errors';
import { fuelBudget, isMetered } from './fuel';
import { GuestInstance, type MemorySetup, type SharedMemoryGroup } from './guest';
import { type StaticRange, layOutSharedMemory } from './layout';
import { Linked } from './linked';
import type { GuestOptions, LinkOptions } from './options';
import { type Prepared, type Provider, compile, isGuestOptions, prepare, resolveProvider, startOrder } from './prepare';

export { BoundFunction } from './calls';
export { Linked } from './linked';
export type { GuestOptions, LinkOptions, LinkStats, ModuleSource, Runner, RunnerSetup } from './options';
export type { ClientOf, HostOf, ObjectClientOf } from './spec';

/** Links the guests of a schema. Rejects with a LinkError naming every problem it finds. */
export async function link(options: LinkOptions): Promise<Linked> {
  const problems: LinkProblem[] = [];
  const schema = options.schema;
  const shared = options.memory === 'shared';

  // 1. Compile, read shapes.
  const prepared: Prepared[] = [];
  /** Fuel budget per call of each module (undefined: not metered). */
  const fuel = new Map<string, number | undefined>();
  for (const [name, given] of Object.entries(options.modules)) {
    const guestOptions: GuestOptions = isGuestOptions(given) ? given : { source: given };
    if (!schema.modules[name]) {
      problems.push({ module: name, problem: `not a module of schema "${schema.name}" (its modules: ${Object.keys(schema.modules).join(', ') || 'none'})` });
      continue;
    }
    let compiled: Awaited<ReturnType<typeof compile>>;
    try {
      compiled = await compile(guestOptions);
    } catch (error) {
      problems.push({ module: name, problem: `not a valid WebAssembly module: ${describe(error)}` });
      continue;
    }
    prepared.push(prepare(name, compiled.module, compiled.info, guestOptions, schema, options.imports, problems));
    fuel.set(name, fuelBudget(name, isMetered(compiled.module), guestOptions.fuel, options.fuel, problems));
  }

  // 2. Providers of every import.
  const providers = findProviders(prepared, options, problems);
  if (shared) checkSharedBuilds(prepared, problems);
  if (problems.length > 0) throw new LinkError(problems);

  // 3. Shared memory: where each module's static data lies; they must not overlap.
  const { group, layouts } = shared ? layOutSharedMemory(prepared, options.maximumPages, fuel) : { group: undefined, layouts: new Map<string, StaticRange>() };

  // 4. Endpoints, then instances (providers first, so start functions may call them).
  const linked = new Linked(schema, options);
  const endpoints = new Map<string, Endpoint & { start?: () => Promise<void> | void }>();
  linked.attach(endpoints, prepared);
  for (const p of prepared) endpoints.set(p.name, createEndpoint(p, linked, providers, prepared, options, group, layouts.get(p.name), fuel.get(p.name)));
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

function findProviders(prepared: readonly Prepared[], options: LinkOptions, problems: LinkProblem[]): Map<string, Map<string, Provider>> {
  const schema = options.schema;
  const linkedNames = new Set(prepared.map((p) => p.name));
  const providers = new Map<string, Map<string, Provider>>();
  for (const p of prepared) {
    const spec = schema.modules[p.name]!;
    const byInterface = new Map<string, Provider>();
    for (const iface of new Set(p.interfaceImports.map((i) => i.iface))) {
      const declared = spec.imports.find((i) => i.interface === iface);
      const provider = resolveProvider(p.name, iface, declared?.from, options, schema, linkedNames, problems);
      if (!provider) continue;
      byInterface.set(iface, provider);
      if (provider.kind !== 'host') continue;
      for (const imp of p.interfaceImports.filter((i) => i.iface === iface)) {
        if (typeof provider.impl[imp.fn] !== 'function') {
          problems.push({ module: p.name, function: `${iface}.${imp.fn}`, problem: `imported from the host, whose implementation of ${iface} has no function ${imp.fn}` });
        }
      }
    }
    providers.set(p.name, byInterface);
  }
  return providers;
}

function checkSharedBuilds(prepared: readonly Prepared[], problems: LinkProblem[]): void {
  for (const p of prepared) {
    if (p.options.runner) continue;
    if (!p.importsMemory) {
      problems.push({ module: p.name, problem: 'shared memory needs a guest that imports its memory: build it with --importMemory --memoryBase N and the host-arena allocator' });
    } else if (!p.usesArena) {
      problems.push({ module: p.name, problem: `shared memory needs the host-arena allocator (no ${ARENA_MODULE}.${ARENA_GROW} import): build it with asbuild --allocator libs/linker/assembly/allocator.ts` });
    }
  }
}

/** The endpoint of one guest: in this thread, or from its runner. */
function createEndpoint(
  p: Prepared,
  linked: Linked,
  providers: Map<string, Map<string, Provider>>,
  prepared: readonly Prepared[],
  options: LinkOptions,
  group: SharedMemoryGroup | undefined,
  layout: StaticRange | undefined,
  fuel: number | undefined,
): Endpoint & { start?: () => Promise<void> | void } {
  const memoryLimit = p.options.memoryLimit ?? Infinity;
  const log = linked.faultLog.logFor(p.name);
  if (p.options.runner) {
    const imports = p.interfaceImports;
    const serve = imports.map((imp) => linked.bridge(p.name, imp.iface, imp.spec, providers.get(p.name)!.get(imp.iface)!, false, imp.checked));
    return p.options.runner.create({
      name: p.name,
      module: p.module,
      functionExports: p.functionExports,
      functionNames: p.functionNames,
      importedMemoryPages: p.importsMemory ? p.importedMemoryPages : 0,
      memoryLimit,
      fuel,
      interfaceImports: imports.map(({ module, name }) => ({ module, name })),
      serveImport: (index, caller, ptr, len) => serve[index]!(caller, ptr, len),
      log,
    });
  }
  const memory: MemorySetup = group ? { kind: 'shared', group } : p.importsMemory ? { kind: 'isolated', pages: p.importedMemoryPages } : { kind: 'own' };
  return new GuestInstance({
    name: p.name,
    module: p.module,
    functionExports: p.functionExports,
    functionNames: p.functionNames,
    memory,
    memoryLimit,
    staticBytes: layout ? layout.heapBase - layout.memoryBase : 0,
    fuel,
    interfaceImports: (g) => {
      const out: Record<string, Record<string, (ptr: number, len: number) => number>> = {};
      for (const imp of p.interfaceImports) {
        const provider = providers.get(p.name)!.get(imp.iface)!;
        const sameMemory = group !== undefined && provider.kind === 'module' && !prepared.find((q) => q.name === provider.name)!.options.runner;
        const serve = linked.bridge(p.name, imp.iface, imp.spec, provider, sameMemory, imp.checked);
        (out[imp.module] ??= {})[imp.name] = (ptr: number, len: number) => serve(g, ptr >>> 0, len >>> 0);
      }
      return out;
    },
    extraImports: options.imports,
    log,
  });
}

function checkAbiVersion(guest: GuestInstance): void {
  let version: unknown;
  try {
    version = (guest.instance.exports[EXPORT_ABI_VERSION] as () => unknown)();
  } catch (error) {
    throw new LinkError([{ module: guest.name, problem: `${EXPORT_ABI_VERSION}() trapped: ${describe(error)}` }], { cause: error });
  }
  if (version !== ABI_VERSION) {
    throw new LinkError([{ module: guest.name, problem: `speaks karmem ABI version ${String(version)}; this linker speaks ${ABI_VERSION}` }]);
  }
}
