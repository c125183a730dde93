/**
 * Strict structural validation for generated `validateX` functions: where
 * viewers quietly read defaults, the validator reports the first problem.
 */
import { describeValue } from './encode-checks';
import type { Reader } from './reader';

/** The deepest `maxDepth` a validator takes: its walk is recursive, and JavaScript's stack is not deep. */
export const MAX_VALIDATION_DEPTH = 1000;

export interface ValidationLimits {
  /**
   * Total bytes of tables and slice payloads a message may expand to. Offsets
   * may be reused, so a small hostile message can point many slices at the
   * same large payload; this bounds the work. Default: 64 x the message size + 64 KiB.
   */
  readonly maxExpandedBytes?: number;
  /**
   * How deep slices through which a struct reaches itself may nest (each such
   * slice entered is a level), as decoders count it (docs/format.md,
   * "Limits"): what every decoder reads whole validates. Default: 64; at most
   * MAX_VALIDATION_DEPTH (the walk recurses).
   */
  readonly maxDepth?: number;
}

export interface ValidationProblem {
  /** Field path from the root: `Scene.Nodes[2].Node.Name`. */
  readonly path: string;
  /** Offset in the message the problem is about. */
  readonly offset: number;
  readonly message: string;
}

export class Validator {
  problem: ValidationProblem | undefined;
  private expanded = 0;
  private depth = 0;
  private readonly maxExpanded: number;
  private readonly maxDepth: number;

  constructor(
    readonly reader: Reader,
    limits: ValidationLimits = {},
  ) {
    this.maxExpanded = limits.maxExpandedBytes ?? reader.length * 64 + 65536;
    this.maxDepth = limits.maxDepth ?? 64;
    // NaN would turn a limit off; a depth in the thousands overflows the stack before it is reached.
    if (!Number.isSafeInteger(this.maxExpanded) || this.maxExpanded < 0) {
      throw new RangeError(`karmem: ValidationLimits.maxExpandedBytes must be a whole number of bytes, not ${describeValue(limits.maxExpandedBytes)}`);
    }
    if (!Number.isInteger(this.maxDepth) || this.maxDepth < 0 || this.maxDepth > MAX_VALIDATION_DEPTH) {
      throw new RangeError(`karmem: ValidationLimits.maxDepth must be a whole number from 0 to ${MAX_VALIDATION_DEPTH}, not ${describeValue(limits.maxDepth)}`);
    }
  }

  /** Records the problem and returns false, so checks read `return v.fail(...)`. */
  fail(path: string, offset: number, message: string): false {
    this.problem ??= { path, offset, message };
    return false;
  }

  /**
   * Checks the table at `offset`: its minimum size and declared size fit, and
   * the size ends on a field boundary (`boundaries`: the end offset of each
   * field). Returns the declared size, or -1 after recording a problem.
   * Tables are not levels of depth: without a slice, a schema cannot lead
   * back to a struct, so only recursive slices (`enter`) can nest a walk deep.
   */
  checkTable(offset: number, packed: boolean, boundaries: readonly number[], path: string): number {
    const minimum = packed ? 4 : 8;
    if (!this.reader.inBounds(offset, minimum)) return this.failSize(path, offset, `table at ${offset} needs ${minimum} bytes, the message has ${this.reader.length}`);
    const size = this.reader.u32(offset);
    if (size < 4) return this.failSize(path, offset, `table size ${size} is smaller than its 4-byte header`);
    if (!this.reader.inBounds(offset, size)) return this.failSize(path, offset, `table of ${size} bytes at ${offset} passes the end of the message (${this.reader.length} bytes)`);
    const full = boundaries.length === 0 ? 4 : boundaries[boundaries.length - 1]!;
    if (size < full && size !== 4 && !boundaries.includes(size)) {
      return this.failSize(path, offset, `table size ${size} ends inside a field`);
    }
    return this.expand(size, path, offset) ? size : -1;
  }

  /**
   * Goes one level deeper: into the elements of a slice through which a
   * struct reaches itself. False after recording a problem when past
   * `maxDepth`; each `true` must be paired with `leave()`.
   */
  enter(path: string, offset: number): boolean {
    if (this.depth >= this.maxDepth) return this.fail(path, offset, `nested deeper than ${this.maxDepth} levels`);
    this.depth++;
    return true;
  }

  leave(): void {
    this.depth--;
  }

  /** Checks a slice header and payload; returns the payload's offset, or -1 after recording a problem. */
  slice(headerOffset: number, elementSize: number, path: string): number {
    if (!this.reader.inBounds(headerOffset, 8)) return this.failSize(path, headerOffset, 'slice header passes the end of the message');
    const offset = this.reader.u32(headerOffset);
    const size = this.reader.u32(headerOffset + 4);
    if (!this.reader.inBounds(offset, size)) return this.failSize(path, headerOffset, `slice of ${size} bytes at ${offset} passes the end of the message (${this.reader.length} bytes)`);
    if (size % elementSize !== 0) return this.failSize(path, headerOffset, `slice size ${size} is not a multiple of its element size ${elementSize}`);
    return this.expand(size, path, headerOffset) ? offset : -1;
  }

  /** Element count of a slice already checked by `slice`. */
  sliceLength(headerOffset: number, elementSize: number): number {
    return this.reader.u32(headerOffset + 4) / elementSize;
  }

  string(headerOffset: number, path: string): boolean {
    const offset = this.slice(headerOffset, 1, path);
    if (offset < 0) return false;
    return this.reader.utf8Valid(offset, this.reader.u32(headerOffset + 4)) || this.fail(path, offset, 'invalid UTF-8');
  }

  bool(offset: number, path: string): boolean {
    const b = this.reader.u8(offset);
    return b <= 1 || this.fail(path, offset, `bool byte is ${b}, not 0 or 1`);
  }

  /** An enum value must be one of the schema's members (`names`: the generated `XNames` map). */
  member(value: number | bigint, names: ReadonlyMap<number, string> | ReadonlyMap<bigint, string>, offset: number, path: string): boolean {
    return (names as ReadonlyMap<number | bigint, string>).has(value) || this.fail(path, offset, `${value} is not a member of the enum`);
  }

  private expand(size: number, path: string, offset: number): boolean {
    this.expanded += size;
    return this.expanded <= this.maxExpanded || this.fail(path, offset, `message expands past ${this.maxExpanded} bytes (offsets reused?)`);
  }

  private failSize(path: string, offset: number, message: string): -1 {
    this.fail(path, offset, message);
    return -1;
  }
}
