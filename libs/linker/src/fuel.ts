/**
 * Fuel: the instruction budget of a guest built with `--fuel` (asbuild,
 * `"fuel": true` for `karmem-ts build`). Such a module imports a mutable i64
 * global `karmem.fuel`, charged 1 unit at every loop iteration and every entry
 * into a function that calls others, and traps (`unreachable`) when it goes below 0. The linker owns
 * the global: it fills it with the module's budget before each call from the
 * host or from another guest, before the start function and `karmem_frame`,
 * and tells a trap with the counter spent (FuelExhaustedError) from any other
 * trap. docs/linker.md, "Fuel".
 */
import type { LinkProblem } from './errors';

/** The counter's import (tools/asbuild/fuel.mjs adds it). */
export const FUEL_MODULE = 'karmem';
export const FUEL_NAME = 'fuel';

/**
 * The "infinite" budget of a metered module linked without one: 2^63 - 1
 * units, out of reach of any run (centuries at a billion units a second).
 */
export const UNLIMITED = 2n ** 63n - 1n;

/** Whether the module was built with fuel (imports `karmem.fuel` as a global). */
export function isMetered(module: WebAssembly.Module): boolean {
  return WebAssembly.Module.imports(module).some((i) => i.module === FUEL_MODULE && i.name === FUEL_NAME && i.kind === 'global');
}

/**
 * The budget per call of one module: its own `fuel`, else the link-wide
 * default, else unlimited (Infinity). `undefined` for an unmetered module. A
 * budget that is not a positive integer (or Infinity), or one given for an
 * unmetered module, is a link problem.
 */
export function fuelBudget(module: string, metered: boolean, own: number | undefined, fallback: number | undefined, problems: LinkProblem[]): number | undefined {
  for (const [what, value] of [['fuel', own], ['the default fuel (LinkOptions.fuel)', fallback]] as const) {
    if (value === undefined) continue;
    if (!(value === Infinity || (Number.isSafeInteger(value) && value > 0))) {
      problems.push({ module, problem: `${what} must be a positive integer number of units (or Infinity), not ${String(value)}` });
      return undefined;
    }
  }
  if (!metered) {
    if (own !== undefined) problems.push({ module, problem: 'a fuel budget was given, but the module is not metered: build it with fuel (asbuild --fuel, "fuel": true in karmem.config.json)' });
    return undefined;
  }
  return own ?? fallback ?? Infinity;
}

/** The counter of one metered guest instance (kept across restarts). */
export class FuelTank {
  readonly global = new WebAssembly.Global({ value: 'i64', mutable: true }, 0n);
  private readonly units: bigint;
  /** A finite budget is refilled before every call; an unlimited one once per start. */
  readonly perCall: boolean;

  constructor(readonly budget: number) {
    this.perCall = Number.isFinite(budget);
    this.units = this.perCall ? BigInt(budget) : UNLIMITED;
  }

  fill(): void {
    this.global.value = this.units;
  }

  /** The counter went below 0: the trap that just happened is the budget's. */
  get spent(): boolean {
    return (this.global.value as bigint) < 0n;
  }
}
