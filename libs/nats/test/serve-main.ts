// A scorer server in a process of its own (the tests and bench/load.ts run it
// bundled, with node: processes.ts). Prints `ready <service id>` once it
// serves; SIGTERM stops it cleanly (drain), SIGKILL is a crash.
//   node serve.cjs <nats url> <scorer.wasm>
import { readFileSync } from 'node:fs';
import { link } from '@karmem-ts/linker';
import { connect } from '@nats-io/transport-node';
import { announceReady, serveModule } from '../src';
import type { NatsConnection } from '../src/nats';
import { schema } from './spec';

async function main(): Promise<void> {
  const [url, wasm] = process.argv.slice(2);
  if (url === undefined || wasm === undefined) throw new Error('usage: serve <nats url> <scorer.wasm>');
  const nc = (await connect({ servers: url, maxReconnectAttempts: -1, reconnectTimeWait: 100 })) as NatsConnection & { drain(): Promise<void> };
  const linked = await link({ schema, modules: { scorer: readFileSync(wasm) } });
  const server = await serveModule(nc, linked, 'scorer');
  announceReady(server.service.info().id);
  process.once('SIGTERM', () => {
    void (async () => {
      await server.stop();
      await nc.drain();
      await linked.close();
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`serve: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
