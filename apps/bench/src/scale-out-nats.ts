// The processes of the NATS scale-out rows: a real nats-server on 127.0.0.1
// with a free port (@karmem-ts/nats's startNatsServer), and record
// servers in child processes (this bundle, main.js, run with
// `--scale-out-server`; @karmem-ts/nats's startServerProcess). Every child is
// stopped by whoever started it, and killed when this process exits.
import { existsSync, readFileSync } from 'node:fs';
import { link } from '@karmem-ts/linker';
import { type NatsConnection, announceReady, serveModule, startServerProcess } from '@karmem-ts/nats';
export { type NatsServer, startNatsServer } from '@karmem-ts/nats';
import { connect } from '@nats-io/transport-node';
import { RECORD_MODULE, recordSchema } from './scale-out-schema';

/** The hidden argument of main.js that makes it a record server: `main.js --scale-out-server <nats url> <wasm>`. */
export const SERVER_FLAG = '--scale-out-server';

export interface Stoppable {
  stop(): Promise<void>;
}

/** Starts a record server process (this bundle with SERVER_FLAG) on `url`; resolves once it serves. */
export async function startRecordServer(script: string, url: string, wasm: string): Promise<Stoppable> {
  if (!existsSync(script)) throw new Error(`${script} is missing: build the bench first (npx nx run bench:build)`);
  const server = await startServerProcess(script, [SERVER_FLAG, url, wasm], { name: 'record server process' });
  return { stop: () => server.stop() };
}

/**
 * The record server (the child's side): links the module, serves it on
 * `url`, prints `ready`; on SIGTERM stops serving, drains and exits 0.
 */
export async function serveRecords(args: readonly string[]): Promise<void> {
  const [url, wasm] = args;
  if (url === undefined || wasm === undefined) throw new Error(`usage: main.js ${SERVER_FLAG} <nats url> <record-service wasm>`);
  const linked = await link({ schema: recordSchema, modules: { [RECORD_MODULE]: readFileSync(wasm) } });
  const nc = (await connect({ servers: url })) as NatsConnection & { drain(): Promise<void> };
  const server = await serveModule(nc, linked, RECORD_MODULE);
  announceReady();
  process.once('SIGTERM', () => {
    void (async () => {
      await server.stop();
      await nc.drain();
      await linked.close();
      process.exit(0);
    })();
  });
}
