/**
 * The server side: every interface function a linked module implements,
 * served as an endpoint of one NATS service (`@nats-io/services`: discovery,
 * ping, info and stats come with it), one subject per function, in a queue
 * group so that several servers of the module share the load.
 *
 * Bytes: the request's payload is copied once, into the guest's memory
 * (`BoundFunction.callBytes`); the answer is copied once out of the guest's
 * output region into the reply. The NATS client keeps a reference to a
 * payload and packs it later (in a microtask, or at a reconnect), while the
 * guest reuses that region on its next call: handing it a view of guest
 * memory would make the reply's bytes depend on the client's internals. A
 * copy of a reply costs nanoseconds against a NATS round trip's
 * hundreds of microseconds.
 */
import type { BoundFunction, Linked } from '@karmem-ts/linker';
import { type Service, type ServiceMsg, Svcm } from '@nats-io/services';
import { type NatsConnection, natsHeaders } from './nats';
import { DEFAULT_PREFIX, ERROR_HEADER, checkPrefix, oneLine, serviceCode, subjectOf, toWire } from './wire';

export interface ServeOptions {
  /** First subject tokens (default `karmem`): functions are served on `<prefix>.<module>.<Interface>.<Function>`. */
  readonly subjectPrefix?: string;
  /** Queue group of every endpoint (default `karmem`): servers in one group share the calls. */
  readonly queue?: string;
  /** Service name for discovery (default `karmem-<module>`; letters, digits, `-`, `_`). */
  readonly name?: string;
  /** Service version, semver (default `0.1.0`). */
  readonly version?: string;
  readonly description?: string;
  readonly metadata?: Record<string, string>;
}

/** Per endpoint, what this server did (also the `data` of each endpoint in the services API's stats). */
export interface EndpointCounters {
  /** `Interface.Function`. */
  readonly function: string;
  readonly subject: string;
  calls: number;
  /** Calls answered with an error, by linker error class. */
  errors: number;
  errorsByClass: Record<string, number>;
  /** Argument bytes copied into the guest; answer bytes sent. */
  bytesIn: number;
  bytesOut: number;
  /** Replies the connection refused (closed meanwhile): their callers time out. */
  unsent: number;
}

export interface ModuleServer {
  readonly module: string;
  /** The NATS service (its `info()`, `stats()`, `ping()`). */
  readonly service: Service;
  /** The subject of each served function, by `Interface.Function`. */
  readonly subjects: Readonly<Record<string, string>>;
  readonly counters: readonly EndpointCounters[];
  /**
   * Stops serving: drains the subscriptions (requests already received are
   * answered), then resolves. Leaves the connection and the linked modules open.
   */
  stop(): Promise<void>;
}

interface Target {
  readonly bound: BoundFunction;
  readonly counters: EndpointCounters;
}

const EMPTY = new Uint8Array(0);

/** Serves `module` of `linked` on `nc`. Resolves once every endpoint is subscribed. */
export async function serveModule(nc: NatsConnection, linked: Linked, module: string, options: ServeOptions = {}): Promise<ModuleServer> {
  const prefix = checkPrefix(options.subjectPrefix ?? DEFAULT_PREFIX);
  const endpoint = linked.endpoint(module); // LinkError when not linked
  const name = options.name ?? `karmem-${module}`;
  const targets = new Map<string, Target>();
  const subjects: Record<string, string> = {};
  for (const qualified of endpoint.functionNames) {
    const [iface, fn] = qualified.split('.') as [string, string];
    const subject = subjectOf(prefix, module, iface, fn);
    subjects[qualified] = subject;
    const counters: EndpointCounters = { function: qualified, subject, calls: 0, errors: 0, errorsByClass: {}, bytesIn: 0, bytesOut: 0, unsent: 0 };
    targets.set(subject, { bound: linked.function(module, iface, fn), counters });
  }

  // The services library carries its own copy of the NATS core types: same connection, other declarations.
  const service = await new Svcm(nc as unknown as ConstructorParameters<typeof Svcm>[0]).add({
    name,
    version: options.version ?? '0.1.0',
    description: options.description ?? `karmem module ${module}`,
    metadata: { ...options.metadata, 'karmem.module': module, 'karmem.subjects': `${prefix}.${module}.>` },
    queue: options.queue ?? 'karmem',
    statsHandler: (ep) => Promise.resolve(targets.get(ep.subject)?.counters ?? null),
  });
  const pump = new Pump(serveOne);
  for (const target of targets.values()) {
    const spec = target.bound.spec;
    const [iface, fn] = target.counters.function.split('.') as [string, string];
    service.addEndpoint(endpointName(iface, fn), {
      subject: target.counters.subject,
      metadata: { function: target.counters.function, argument: spec.param?.name ?? '', answer: spec.result?.name ?? '' },
      handler: (error, msg) => {
        if (error === null) pump.push(target, msg);
      },
    });
  }
  await nc.flush(); // the subscriptions reached the server: calls from now on find it

  return {
    module,
    service,
    subjects,
    counters: [...targets.values()].map((t) => t.counters),
    async stop() {
      await service.stop();
      await pump.idle();
    },
  };
}

/** The service endpoint name of `Interface.Function` (names may not hold dots). */
export function endpointName(iface: string, fn: string): string {
  return `${iface}-${fn}`;
}

/** One call: the payload into the guest, a copy of the answer back. */
function serveOne(target: Target, msg: ServiceMsg): void {
  const counters = target.counters;
  counters.calls++;
  const data = msg.data;
  counters.bytesIn += data.length;
  let answer: Uint8Array;
  try {
    const reader = target.bound.callBytes(data);
    answer = reader.length === 0 ? EMPTY : reader.bytes(0, reader.length).slice();
  } catch (error) {
    counters.errors++;
    const className = error instanceof Error ? error.name : 'Error';
    counters.errorsByClass[className] = (counters.errorsByClass[className] ?? 0) + 1;
    const h = natsHeaders();
    h.set(ERROR_HEADER, className);
    const description = oneLine(error instanceof Error ? error.message : String(error));
    msg.respondError(serviceCode(error), description, new TextEncoder().encode(JSON.stringify(toWire(error))), { headers: h as never });
    return;
  }
  counters.bytesOut += answer.length;
  msg.respond(answer);
}

/**
 * Runs calls one at a time, in arrival order, yielding to the event loop's
 * microtasks between two calls (the client's flush of the replies).
 */
class Pump {
  private readonly queue: { target: Target; msg: ServiceMsg }[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly serve: (target: Target, msg: ServiceMsg) => void) {}

  push(target: Target, msg: ServiceMsg): void {
    this.queue.push({ target, msg });
    this.running ??= this.run();
  }

  private async run(): Promise<void> {
    try {
      for (let job = this.queue.shift(); job !== undefined; job = this.queue.shift()) {
        try {
          this.serve(job.target, job.msg);
        } catch {
          job.target.counters.unsent++; // the connection refused the reply (closed); the caller times out
        }
        await null; // after the client's flush microtask
      }
    } finally {
      this.running = undefined;
    }
  }

  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }
}
