/** Largest message the writer produces: offsets are u32, and 2^31 - 1 keeps them safe as int32 too. */
export const MAX_MESSAGE_SIZE = 0x7fffffff;

/**
 * Why a write was refused:
 * - `OUT_OF_SPACE`: a fixed region is full.
 * - `TOO_LARGE`: the message would pass MAX_MESSAGE_SIZE (either mode).
 * - `DETACHED`: the region's buffer was detached (a WebAssembly memory grew);
 *   call `rebind(memory.buffer)`.
 */
export type KarmemWriteErrorCode = 'OUT_OF_SPACE' | 'TOO_LARGE' | 'DETACHED';

/**
 * Thrown by Writer before anything is written, so the region keeps its
 * bytes. From a generated `encodeX`, `path` names where in the value the
 * write was refused (`Record.Samples`, `Monsters.Monsters[412].Data.Name`):
 * the field whose bytes did not fit, or the element of a slice being
 * written; just the root when the root itself did not.
 */
export class KarmemWriteError extends Error {
  override readonly name = 'KarmemWriteError';
  /** Where in the value, from the root struct (empty when a Writer method was called directly without a field). */
  path = '';

  constructor(
    readonly code: KarmemWriteErrorCode,
    /** Bytes the failed call needed. */
    readonly requested: number,
    /** Bytes that were left (in the region, or under MAX_MESSAGE_SIZE for TOO_LARGE). */
    readonly available: number,
  ) {
    super(messageFor('', code, requested, available));
  }

  /** Adds the enclosing field (and element index) in front of the path, as KarmemEncodeError does. */
  within(field: string, index?: number): this {
    this.path = enclosedPath(this.path, field, index);
    this.message = messageFor(this.path, this.code, this.requested, this.available);
    return this;
  }
}

/** `path` inside `field` (element `index` of it when given): `Data.Path` in `Monsters[3]` is `Monsters[3].Data.Path`. */
export function enclosedPath(path: string, field: string, index?: number): string {
  const segment = index === undefined ? field : `${field}[${index}]`;
  return path === '' ? segment : path[0] === '[' ? segment + path : `${segment}.${path}`;
}

function messageFor(path: string, code: KarmemWriteErrorCode, requested: number, available: number): string {
  const where = path === '' ? 'karmem: ' : `karmem: ${path}: `;
  switch (code) {
    case 'OUT_OF_SPACE':
      return `${where}fixed region is full: ${requested} bytes requested, ${available} available`;
    case 'TOO_LARGE':
      return `${where}message would exceed ${MAX_MESSAGE_SIZE} bytes: ${requested} bytes requested, ${available} available`;
    case 'DETACHED':
      return `${where}the writer's buffer was detached (WebAssembly memory grew?): call rebind(memory.buffer)`;
  }
}
