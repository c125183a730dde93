// The browser example in real headless Chromium (Debian's /usr/bin/chromium,
// driven by puppeteer-core; nothing downloads a browser): the physics
// example gives the same last world in the page (shared memory, copy) and
// with the scorer under @karmem-ts/linker/browser as the Node host does, and
// the browser runner stops a runaway guest at its time limit.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARRANGEMENTS, compileGuests, makeWorld, simulate, workspaceRoot } from '../../physics/run';
import type { RunawayOutcome } from '../src/protocol';
import { type StaticServer, resolvePath, serveStatic } from '../src/server';
import type { RunOutcome } from '../src/simulate';

const ROOT = workspaceRoot(__dirname);
const BODIES = 300;
const TICKS = 61;
const TIMEOUT_MS = 300;
/** The page's own deadline (drive.mjs kills Chromium past it); the child gets a little more. */
const PAGE_DEADLINE_MS = 120_000;

interface Results {
  readonly crossOriginIsolated: boolean;
  readonly runs: readonly RunOutcome[];
  readonly mainThread: { readonly error: { readonly name: string; readonly message: string } | null };
  readonly runaway: RunawayOutcome;
}

let site: string | undefined;
let server: StaticServer | undefined;
let results: Results;

/** Runs drive.mjs (puppeteer-core is ESM-only, so it runs outside Jest): the page's results. */
function drive(url: string): Promise<Results> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(ROOT, 'examples/browser/drive.mjs'), url, '--timeout-ms', String(PAGE_DEADLINE_MS)],
      { timeout: PAGE_DEADLINE_MS + 30_000, killSignal: 'SIGKILL', maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`drive.mjs failed (${error.code ?? error.signal}): ${stderr.trim()} ${stdout.trim()}`));
        else resolve(JSON.parse(stdout) as Results);
      },
    );
  });
}

beforeAll(async () => {
  site = mkdtempSync(join(tmpdir(), 'karmem-browser-site-'));
  execFileSync(process.execPath, [join(ROOT, 'examples/browser/build.mjs'), site], { stdio: 'pipe', timeout: 120_000 });
  server = await serveStatic(site);
  results = await drive(`${server.url}?bodies=${BODIES}&ticks=${TICKS}&timeoutMs=${TIMEOUT_MS}`);
}, 300_000);

afterAll(async () => {
  // Bounded, so that a stuck connection never hangs the run.
  await Promise.race([server?.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  if (site) rmSync(site, { recursive: true, force: true });
});

it('the page is cross-origin isolated (COOP/COEP from the example server)', () => {
  expect(results.crossOriginIsolated).toBe(true);
});

it('gives the last world of the Node host, with shared memory, copies, and the scorer in a Web Worker', async () => {
  const guests = await compileGuests(ROOT);
  const world = makeWorld(BODIES);
  const node = {
    shared: await simulate(ARRANGEMENTS.find((a) => a.memory === 'shared')!, world, TICKS, guests),
    copy: await simulate(ARRANGEMENTS.find((a) => a.memory === 'copy' && !a.scorerInWorker)!, world, TICKS, guests),
  };
  expect(results.runs.map((r) => [r.memory, r.scorer])).toEqual([
    ['shared', 'in-thread'],
    ['copy', 'in-thread'],
    ['copy', 'browser-worker'],
  ]);
  for (const run of results.runs) {
    const expected = node[run.memory];
    expect(run.checksum).toMatch(/^\d+$/);
    expect({ label: run.label, checksum: run.checksum, final: run.final }).toEqual({
      label: run.label,
      checksum: expected.checksum,
      final: { tick: String(expected.final.tick), energy: expected.final.energy, bounces: expected.final.bounces },
    });
    expect(run.final.tick).toBe(String(TICKS));
  }
  // Shared memory copies nothing between the guests; copy mode does, as in Node.
  const [shared, copy] = results.runs;
  expect(shared!.bytesCopied).toBe(0);
  expect(copy!.bytesCopied).toBeGreaterThan(0);
});

it('refuses to run the browser runner on the main thread, with a LinkError that says why', () => {
  expect(results.mainThread.error).toMatchObject({ name: 'LinkError', message: expect.stringMatching(/dedicated Worker.*Atomics\.wait/) });
});

it('stops a runaway guest at its time limit with a TimeoutError; the next call works', () => {
  const { calls, timeoutMs, starts } = results.runaway;
  expect(timeoutMs).toBe(TIMEOUT_MS);
  const view = calls.map((c) => (c.error ? { call: c.call, error: c.error.name } : { call: c.call, value: c.value }));
  expect(view).toEqual([
    { call: 'Counter', value: { Value: 1 } },
    { call: 'Counter', value: { Value: 2 } },
    { call: 'Spin', error: 'TimeoutError' },
    // The spare worker took over at once: a fresh instance.
    { call: 'Counter', value: { Value: 1 } },
    // A second timeout with no await in between: no ready spare yet...
    { call: 'Spin', error: 'TimeoutError' },
    { call: 'Counter', error: 'GuestTrapError' },
    // ...until the host worker's event loop has run.
    { call: 'Counter', value: { Value: 1 } },
  ]);
  const [, , spin, , , early] = calls;
  expect(spin!.error!.message).toBe(`karmem: module "looper", Loop.Spin ran past its ${TIMEOUT_MS} ms time limit and was stopped (the module was reset)`);
  // The limit, not much less, and not stuck.
  expect(spin!.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
  expect(spin!.ms).toBeLessThan(TIMEOUT_MS + 5000);
  expect(early!.error!.message).toMatch(/has not started yet.*let the event loop run/);
  // Two at link time (the worker and its spare), one per timeout.
  expect(starts).toBe(4);
});

describe('the example server', () => {
  it('keeps requests inside its folder', () => {
    expect(resolvePath('/srv/site', '/index.html')).toBe('/srv/site/index.html');
    expect(resolvePath('/srv/site', '/')).toBe('/srv/site/index.html');
    expect(resolvePath('/srv/site', '/guests/a.wasm?x=1')).toBe('/srv/site/guests/a.wasm');
    expect(resolvePath('/srv/site', '/../etc/passwd')).toBeUndefined();
    expect(resolvePath('/srv/site', '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(resolvePath('/srv/site', '/%E0%A4%A')).toBeUndefined();
  });

  it('serves with the isolation headers, and 404 / 405 otherwise', async () => {
    const get = (path: string, method = 'GET') => fetch(new URL(path, server!.url), { method });
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(await page.text()).toContain('<pre id="results">');
    expect((await get('/looper.wasm')).headers.get('content-type')).toBe('application/wasm');
    expect((await get('/nope.js')).status).toBe(404);
    expect((await get('/', 'POST')).status).toBe(405);
  });
});
