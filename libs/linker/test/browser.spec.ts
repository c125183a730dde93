// @karmem-ts/linker/browser: what can be checked without a browser. The
// runner itself runs in headless Chromium in examples/browser (nx run
// example-browser:test): calls, a runaway guest stopped at its time limit.
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { LinkError, link } from '@karmem-ts/linker';
import { browserWorkerProblem, inBrowserWorker } from '@karmem-ts/linker/browser';
import { BROWSER_WORKER_SOURCE } from '../src/browser/worker-source';
import { guestBytes } from './harness';
import { schema } from './spec';

describe('the browser entry', () => {
  it('bundles for the browser with no Node API, and without the Node runner', () => {
    // platform 'browser' fails to resolve any node: module the entry would pull in.
    const result = buildSync({
      entryPoints: [join(__dirname, '../src/browser/index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      tsconfig: join(__dirname, '../tsconfig.json'),
    });
    const text = result.outputFiles[0]!.text;
    expect(text).not.toMatch(/\bnode:|worker_threads|require\(|\bprocess\.|\bBuffer\./);
    expect(text).toContain('karmemGuestMain');
    expect(text).not.toContain('parentPort');
  });

  it("the guest worker's source is the shared guest side, started by its first message", () => {
    expect(BROWSER_WORKER_SOURCE).toMatch(/^'use strict';\nfunction karmemGuestMain\(workerData, post\)/);
    expect(BROWSER_WORKER_SOURCE).toMatch(/self\.onmessage = \(event\) => \{\n {2}self\.onmessage = null;\n {2}karmemGuestMain\(event\.data/);
    // Parses as a classic script.
    expect(() => new Function(BROWSER_WORKER_SOURCE)).not.toThrow();
  });

  it('refuses a time limit that is not positive', () => {
    expect(() => inBrowserWorker({ timeoutMs: 0 })).toThrow(RangeError);
    expect(() => inBrowserWorker({ startTimeoutMs: -1 })).toThrow(RangeError);
    expect(inBrowserWorker().kind).toBe('browser-worker');
  });

  it('outside a dedicated Worker, link() fails with a LinkError that says where to run it', async () => {
    expect(browserWorkerProblem()).toMatch(/dedicated Worker.*Atomics\.wait/);
    const linking = link({ schema, modules: { alpha: { source: guestBytes('alpha'), runner: inBrowserWorker() }, beta: guestBytes('beta') } });
    await expect(linking).rejects.toThrow(LinkError);
    await expect(linking).rejects.toThrow(/module "alpha": inBrowserWorker must be used from a dedicated Worker/);
  });
});
