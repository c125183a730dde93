// The scorer of the physics example served over NATS, in a process of its
// own (./scale-nats.ts starts it, bundled with esbuild): links the scorer
// alone and serves its `Scoring` as a NATS service until SIGTERM (drained).
// Prints `ready` once it serves.
//   node dist/examples/physics/scale-nats-server.cjs <nats url> <scorer.wasm>
import { readFileSync } from 'node:fs';
import { link } from '@karmem-ts/linker';
import { announceReady, serveModule } from '@karmem-ts/nats';
import { connect } from '@nats-io/transport-node';
import { schema } from './generated/ts/physics.glue';

async function main(): Promise<void> {
  const [url, wasm] = process.argv.slice(2);
  if (url === undefined || wasm === undefined) throw new Error('usage: scale-nats-server <nats url> <scorer.wasm>');
  const nc = await connect({ servers: url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  const linked = await link({ schema, modules: { scorer: readFileSync(wasm) } });
  const server = await serveModule(nc as unknown as Parameters<typeof serveModule>[0], linked, 'scorer');
  process.once('SIGTERM', () => {
    void (async () => {
      await server.stop();
      await nc.drain();
      await linked.close();
      process.exit(0);
    })();
  });
  announceReady();
}

main().catch((error: unknown) => {
  process.stderr.write(`scale-nats-server: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
