// The scale-out rows: the Record round trip (Records.RoundTrip, guest
// record-service.ts) in the host's thread, in worker pools and over NATS.
// A second kind of case: not timed in batches in a worker thread
// (./worker.ts), but an asynchronous, bounded load run in the main process
// (./scale-out.ts): a call count AND a time limit, calls per second and the
// latency of each call. Listing them starts nothing.
import { caseId } from './cases';

export const SCALE_OUT = 'scale-out';

/** Where the module runs. */
export type ScaleOutKind = 'in-thread' | 'pool' | 'nats';

export interface ScaleOutInfo {
  readonly id: string;
  readonly workload: typeof SCALE_OUT;
  /** `in-thread`, `pool-copy`, `pool-shared`, `nats-1-server`, `nats-2-servers`. */
  readonly impl: string;
  /** `sync call`, `2 workers`, `64 in flight`... */
  readonly phase: string;
  readonly kind: ScaleOutKind;
  /** Pool: worker threads; NATS: server processes; in-thread: 1. */
  readonly instances: number;
  /** Calls the caller keeps in flight (1: each call waits for the previous one). */
  readonly inFlight: number;
  /** Pool only: how the bytes move between the caller and a worker. */
  readonly memory?: 'copy' | 'shared';
  readonly label: string;
}

/** Calls in flight per pool worker: enough that a worker never waits for the main thread to hand it the next call. */
export const IN_FLIGHT_PER_WORKER = 4;
export const POOL_WORKERS: readonly number[] = [1, 2, 4];
export const NATS_SERVERS: readonly number[] = [1, 2];
export const NATS_IN_FLIGHT: readonly number[] = [1, 64];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

function info(fields: Omit<ScaleOutInfo, 'id' | 'workload'>): ScaleOutInfo {
  const base = { workload: SCALE_OUT, ...fields } as const;
  return { ...base, id: caseId(base) };
}

let cached: ScaleOutInfo[] | undefined;

/** Every scale-out row, in the order they run (in-thread first: the others' ratios divide by it). */
export function scaleOutCases(): ScaleOutInfo[] {
  if (cached) return cached;
  const rows: ScaleOutInfo[] = [
    info({
      impl: 'in-thread',
      phase: 'sync call',
      kind: 'in-thread',
      instances: 1,
      inFlight: 1,
      label: "libs/linker in the caller's thread: the typed client's synchronous call (callWith), one after the other",
    }),
  ];
  for (const memory of ['copy', 'shared'] as const) {
    for (const workers of POOL_WORKERS) {
      rows.push(
        info({
          impl: `pool-${memory}`,
          phase: plural(workers, 'worker'),
          kind: 'pool',
          instances: workers,
          inFlight: workers * IN_FLIGHT_PER_WORKER,
          memory,
          label:
            memory === 'copy'
              ? '@karmem-ts/linker/worker linkPool, copy mode: one copy each way through the worker\'s data area (plain build)'
              : '@karmem-ts/linker/worker linkPool, shared mode: argument and answer in place in each worker\'s shared memory (threads build, host-arena allocator)',
        }),
      );
    }
  }
  for (const servers of NATS_SERVERS) {
    for (const inFlight of NATS_IN_FLIGHT) {
      rows.push(
        info({
          impl: `nats-${plural(servers, 'server').replace(' ', '-')}`,
          phase: `${inFlight} in flight`,
          kind: 'nats',
          instances: servers,
          inFlight,
          label: `@karmem-ts/nats: ${plural(servers, 'server process')} (serveModule, one queue group) on a local nats-server, called with remoteModule over loopback`,
        }),
      );
    }
  }
  cached = rows;
  return rows;
}
