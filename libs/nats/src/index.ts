/**
 * @karmem-ts/nats: Karmem WebAssembly modules served over NATS
 * (docs/scale-out.md). `serveModule` serves a linked module's interface
 * functions as a NATS service, one subject per function, in a queue group;
 * `remoteModule` calls them with async typed calls. The payload is the
 * argument's Karmem bytes, the reply the answer's bytes: never re-encoded.
 * `remoteImports` makes a remote module the provider of a guest's import:
 * synchronous calls through a worker thread that holds the connection.
 * `startNatsServer` starts a local nats-server (tests, benchmarks, examples).
 *
 * Node only (the NATS client for Node, `@nats-io/transport-node`).
 */
export type { NatsConnection, NatsHeaders, NatsMsg } from './nats';
export { type AsyncClient, RemoteFunction, RemoteModule, type RemoteOptions, remoteModule } from './client';
export { type BridgeStats, RemoteImports, type RemoteImportsOptions, remoteImports } from './bridge';
export { BridgeStartError, BridgeTimeoutError, MessageTooLargeError, NoResponderError, RemoteServiceError, RequestTimeoutError, TransportError, isRemote, type RemoteError, type RemoteOrigin } from './errors';
export { type EndpointCounters, type ModuleServer, type ServeOptions, endpointName, serveModule } from './server';
export { DEFAULT_PREFIX, ERROR_HEADER, type WireError, fromWire, serviceCode, subjectOf, toWire } from './wire';
export { type NatsServer, natsServerBinary, startNatsServer } from './local-server';
export { type ServerProcess, type ServerProcessOptions, announceReady, startServerProcess } from './processes';
