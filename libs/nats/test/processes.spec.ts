/** startServerProcess: the `ready` handshake, its failures, and stop(). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServerProcess } from '../src';
import { CACHE } from './harness';

const DIR = join(CACHE, `processes-${process.pid}`);

function script(name: string, source: string): string {
  mkdirSync(DIR, { recursive: true });
  const file = join(DIR, `${name}.cjs`);
  writeFileSync(file, source);
  return file;
}

describe('startServerProcess', () => {
  it('resolves on the ready line with its id, passes the arguments, and stop() ends it', async () => {
    const file = script('ready', `process.stdout.write('starting\\nready ' + process.argv.slice(2).join('-') + '\\n'); setInterval(() => {}, 1000);`);
    const server = await startServerProcess(file, ['a', 'b']);
    expect(server.id).toBe('a-b');
    await server.stop();
    expect(server.child.signalCode).toBe('SIGTERM');
    await server.stop(); // again: nothing left to stop
  });

  it('takes a bare ready line (no id)', async () => {
    const server = await startServerProcess(script('bare', `process.stdout.write('ready\\n'); setInterval(() => {}, 1000);`), []);
    expect(server.id).toBe('');
    await server.stop('SIGKILL');
    expect(server.child.signalCode).toBe('SIGKILL');
  });

  it('rejects, naming it with the end of its stderr, when it exits before ready', async () => {
    const file = script('fails', `process.stderr.write('cannot connect to nats'); process.exit(3);`);
    await expect(startServerProcess(file, [], { name: 'scorer' })).rejects.toThrow(/^scorer exited \(3\) before serving: cannot connect to nats$/);
  });

  it('kills it and rejects when it stays silent past the start timeout', async () => {
    const file = script('silent', `setInterval(() => {}, 1000);`);
    const started = Date.now();
    await expect(startServerProcess(file, [], { startTimeoutMs: 300 })).rejects.toThrow(/^server process did not start within 0.3 s: $/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
