/**
 * The part of the NATS client this library uses, typed here: the client's
 * own declarations re-export `@nats-io/nats-core/internal`, a subpath that
 * TypeScript's `node10` resolution (this repository's) does not follow. Any
 * `NatsConnection` of `@nats-io/transport-node` fits these shapes.
 */
import * as transport from '@nats-io/transport-node';

export interface NatsHeaders {
  get(key: string): string;
  set(key: string, value: string): void;
}

export interface NatsMsg {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers?: NatsHeaders;
}

/** A NATS connection (`await connect(...)` of `@nats-io/transport-node`). */
export interface NatsConnection {
  request(subject: string, payload: Uint8Array, options: { timeout: number }): Promise<NatsMsg>;
  flush(): Promise<void>;
  status(): AsyncIterable<{ readonly type: string }>;
  isClosed(): boolean;
}

/** The client's `headers()`: an empty header set for a message. */
export const natsHeaders: () => NatsHeaders = (transport as unknown as { headers: () => NatsHeaders }).headers;
