/**
 * Decode limits (docs/format.md, "Limits"): offsets may repeat in a Karmem
 * message, so a few kilobytes can point a slice back at its own table, or
 * many slices at the same bytes, and make a naive decoder's work grow without
 * bound. Every decoder (generated TypeScript, @karmem-ts/dynamic, the
 * AssemblyScript and C object APIs) follows the same two rules:
 *
 * - depth: at most MAX_DECODE_DEPTH slices through which a struct reaches
 *   itself are followed at once;
 * - budget: a struct decoded costs 8 units per byte of it and of the
 *   tables it points to without a slice, at their schema size (each becomes
 *   an object); a decode spends its root's cost first, then each slice
 *   followed costs its payload bytes (a slice of structs: what its structs
 *   cost; @karmem-ts/layout's structDecodeUnits and sliceElementUnits);
 *   one decode may spend `max(8 x message bytes, 4 MiB)`, or what
 *   DecodeOptions.budget says. A message whose slices do not share bytes
 *   never needs more than 8 units per byte, so only sharing meets the budget.
 *
 * Past either, decoding stops with a KarmemLimitError (AS and C: a status).
 */
import { describeValue } from './encode-checks';

/** How deep decoders (and the dynamic encoder) follow slices through which a struct reaches itself. */
export const MAX_DECODE_DEPTH = 64;
/** The default budget is this many times the message's size... */
export const DECODE_BUDGET_FACTOR = 8;
/** ...but never less than this (4 MiB: about 65,000 elements of 8-byte structs). */
export const DECODE_BUDGET_FLOOR = 4 * 1024 * 1024;
export interface DecodeOptions {
  /** Units (bytes, see above) one decode may spend; default `max(8 x message bytes, 4 MiB)`. */
  readonly budget?: number;
}

/**
 * The budget `options` asks for, or the default. Anything but a whole number
 * of units 0..2^53 is a RangeError: a NaN budget (`Number(process.env.X)` of
 * an unset variable) would otherwise turn the limit off.
 */
function budgetOf(messageBytes: number, options: DecodeOptions | undefined): number {
  // No options, the common case, in bytecode small enough that V8 inlines it into a decoder.
  return options === undefined ? defaultDecodeBudget(messageBytes) : givenBudget(messageBytes, options);
}

function givenBudget(messageBytes: number, options: DecodeOptions): number {
  // `?.`: a JavaScript caller may pass null.
  const budget = options?.budget;
  if (budget === undefined) return defaultDecodeBudget(messageBytes);
  if (!Number.isSafeInteger(budget) || budget < 0) {
    throw new RangeError(`karmem: DecodeOptions.budget must be a whole number of units, 0 to 2^53 - 1, not ${describeValue(budget)}`);
  }
  return budget;
}

/** The default budget for a message of `messageBytes` bytes. */
export function defaultDecodeBudget(messageBytes: number): number {
  return Math.max(DECODE_BUDGET_FACTOR * messageBytes, DECODE_BUDGET_FLOOR);
}

/**
 * - `depth`: slices through which a struct reaches itself nest deeper than MAX_DECODE_DEPTH
 *   (for the dynamic encoder: the value does);
 * - `budget`: the decode would spend more than its budget.
 */
export type KarmemLimitKind = 'depth' | 'budget';

/** A decode (or encode) stopped at a limit: the message is hostile, or needs a larger budget. */
export class KarmemLimitError extends Error {
  override readonly name = 'KarmemLimitError';

  constructor(
    readonly kind: KarmemLimitKind,
    /** The limit passed: MAX_DECODE_DEPTH, or the budget. */
    readonly limit: number,
    /** Where it happened, when the caller knows (`Node.Kids[0].N.Kids`), else ''. */
    readonly path = '',
  ) {
    super(
      kind === 'depth'
        ? `karmem: ${path ? `${path}: ` : ''}slices through which a struct reaches itself nest deeper than ${limit}`
        : `karmem: ${path ? `${path}: ` : ''}decoding needs more than its budget of ${limit} (pass a larger DecodeOptions.budget if the message is trusted)`,
    );
  }
}

/**
 * The budget and depth of one decode. Generated decoders share one module
 * state (decodes do not interleave: they are synchronous); @karmem-ts/dynamic
 * makes its own.
 */
export class DecodeBudget {
  /** The units this decode may spend. */
  limit: number;
  private remaining: number;
  private depth = 0;

  constructor(messageBytes: number, options?: DecodeOptions) {
    this.limit = budgetOf(messageBytes, options);
    this.remaining = this.limit;
  }

  /** Starts again for another decode (generated decoders reuse one budget rather than make one per call). */
  restart(messageBytes: number, options?: DecodeOptions): this {
    this.limit = budgetOf(messageBytes, options);
    this.remaining = this.limit;
    this.depth = 0;
    return this;
  }

  /** Spends `units`; a KarmemLimitError when the budget would be passed. */
  spend(units: number, path?: string): void {
    if ((this.remaining -= units) < 0) throw new KarmemLimitError('budget', this.limit, path);
  }

  /** One level deeper into a slice through which a struct reaches itself; pair with leave() in a finally. */
  enter(path?: string): void {
    if (this.depth >= MAX_DECODE_DEPTH) throw new KarmemLimitError('depth', MAX_DECODE_DEPTH, path);
    this.depth++;
  }

  leave(): void {
    this.depth--;
  }
}
