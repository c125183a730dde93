/**
 * @karmem-ts/nats: Karmem WebAssembly modules served over NATS
 * (docs/scale-out.md). `serveModule` serves a linked module's interface
 * functions as a NATS service, one subject per function, in a queue group;
 * `remoteModule` calls them with async typed calls. The payload is the
 * argument's Karmem bytes, the reply the answer's bytes: never re-encoded.
 *
 * Node only (the NATS client for Node, `@nats-io/transport-node`).
 */
export type { NatsConnection, NatsHeaders, NatsMsg } from './nats';
export { type AsyncClient, RemoteFunction, RemoteModule, type RemoteOptions, remoteModule } from './client';
export { NoResponderError, RemoteServiceError, RequestTimeoutError, TransportError, isRemote, type RemoteError, type RemoteOrigin } from './errors';
export { type EndpointCounters, type ModuleServer, type ServeOptions, endpointName, serveModule } from './server';
export { DEFAULT_PREFIX, ERROR_HEADER, type WireError, fromWire, serviceCode, subjectOf, toWire } from './wire';
