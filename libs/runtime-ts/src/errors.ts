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

/** Thrown by Writer before anything is written, so the region keeps its bytes. */
export class KarmemWriteError extends Error {
  override readonly name = 'KarmemWriteError';

  constructor(
    readonly code: KarmemWriteErrorCode,
    /** Bytes the failed call needed. */
    readonly requested: number,
    /** Bytes that were left (in the region, or under MAX_MESSAGE_SIZE for TOO_LARGE). */
    readonly available: number,
  ) {
    super(messageFor(code, requested, available));
  }
}

function messageFor(code: KarmemWriteErrorCode, requested: number, available: number): string {
  switch (code) {
    case 'OUT_OF_SPACE':
      return `karmem: fixed region is full: ${requested} bytes requested, ${available} available`;
    case 'TOO_LARGE':
      return `karmem: message would exceed ${MAX_MESSAGE_SIZE} bytes: ${requested} bytes requested, ${available} available`;
    case 'DETACHED':
      return 'karmem: the writer\'s buffer was detached (WebAssembly memory grew?): call rebind(memory.buffer)';
  }
}
