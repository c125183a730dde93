// Serves the built browser example (dist/examples/browser) until Ctrl-C:
//   nx run example-browser:serve            (builds it first; PORT=8080 for a fixed port)
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from './server';

async function main(): Promise<void> {
  const root = resolve(process.argv[2] ?? join(process.cwd(), 'dist/examples/browser'));
  if (!existsSync(join(root, 'index.html'))) {
    console.error(`error: ${root} has no index.html: build it first (node examples/browser/build.mjs)`);
    process.exit(3);
  }
  const port = Number(process.env['PORT'] ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`error: PORT must be a port number, not ${process.env['PORT']}`);
    process.exit(2);
  }
  const server = await serveStatic(root, { port });
  console.log(`serving ${root} at ${server.url} (cross-origin isolated); Ctrl-C stops`);
  process.once('SIGINT', () => void server.close().then(() => process.exit(0)));
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(3);
});
