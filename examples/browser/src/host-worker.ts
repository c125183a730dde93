/**
 * The host worker: a dedicated Worker the page starts, where the host's
 * linker may block (Atomics.wait) on a guest in a nested Web Worker. Runs
 * the physics example with the scorer under the browser runner, then shows
 * the runner's time limit on a runaway guest, and answers the page.
 */
import { link } from '@karmem-ts/linker';
import { type BrowserWorkerGuest, inBrowserWorker } from '@karmem-ts/linker/browser';
import { Loop, loopSchema } from './looper';
import { type CallRecord, type HostReply, type HostRequest, type RunawayOutcome, errorRecord } from './protocol';
import { simulate } from './simulate';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Counter, Spin (stopped at the limit), Counter on the fresh worker; then a
 * second Spin with no `await` after the first timeout, so that the spare
 * worker has not started yet: calls fail until the event loop has run, then
 * Counter works again.
 */
async function runaway(request: HostRequest): Promise<RunawayOutcome> {
  const linked = await link({
    schema: loopSchema,
    modules: { looper: { source: request.looper, runner: inBrowserWorker({ timeoutMs: request.timeoutMs }) } },
  });
  const loop = linked.client('looper', Loop, 'object');
  const calls: CallRecord[] = [];
  const record = (call: string, run: () => unknown): CallRecord => {
    const started = performance.now();
    let outcome: CallRecord;
    try {
      const value = run() ?? null;
      outcome = { call, ms: performance.now() - started, value };
    } catch (error) {
      outcome = { call, ms: performance.now() - started, error: errorRecord(error) };
    }
    calls.push(outcome);
    return outcome;
  };
  try {
    record('Counter', () => loop.Counter());
    record('Counter', () => loop.Counter());
    record('Spin', () => loop.Spin());
    record('Counter', () => loop.Counter());
    record('Spin', () => loop.Spin());
    record('Counter', () => loop.Counter());
    // Let the new workers start, then the guest answers again.
    for (let i = 0; i < 500; i++) {
      await sleep(20);
      if (record('Counter', () => loop.Counter()).error === undefined) break;
      calls.pop();
    }
    return { timeoutMs: request.timeoutMs, calls, starts: (linked.endpoint('looper') as BrowserWorkerGuest).starts };
  } finally {
    await linked.close();
  }
}

self.onmessage = async (event: MessageEvent<HostRequest>) => {
  const request = event.data;
  let reply: HostReply;
  try {
    const physics = await simulate({
      label: 'copy, scorer in a Web Worker (1 s limit)',
      memory: 'copy',
      engine: request.engine,
      scorer: request.scorer,
      scorerRunner: inBrowserWorker({ timeoutMs: 1000 }),
      bodies: request.bodies,
      ticks: request.ticks,
    });
    reply = { physics, runaway: await runaway(request) };
  } catch (error) {
    reply = { error: errorRecord(error) };
  }
  self.postMessage(reply);
};
