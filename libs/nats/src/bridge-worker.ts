/**
 * The synchronous bridge's worker thread (./bridge.ts), as text: `new
 * Worker(source, { eval: true })` needs no file on disk, so it runs the same
 * from sources (Jest), bundles and compiled output, as the linker's worker
 * runner does. It holds its own NATS connection and, for each request the
 * calling thread posts in the control block, sends the argument's bytes and
 * writes the reply (or what went wrong) into the shared data area.
 *
 * It waits for requests with Atomics.waitAsync: its event loop keeps running,
 * which the NATS client needs (sockets, timers, reconnects). It classifies
 * nothing: it passes facts (the reply and its service error headers, or the
 * NATS client's error names and messages) and the calling thread turns them
 * into the same typed errors as the async client (./client.ts, ./wire.ts).
 */
import { ERROR_HEADER, SERVICE_CODE_HEADER, SERVICE_ERROR_HEADER } from './wire';

/** Control words (Int32, in a SharedArrayBuffer). */
export const CTL = {
  /** Whose turn, and what happens: STATE below. */
  STATE: 0,
  /** Index of the request's subject in BridgeInit.subjects. */
  SUBJECT: 1,
  /** Request length (calling thread -> worker); reply length (worker -> calling thread). */
  LEN: 2,
  /** What the reply is: KIND below. */
  KIND: 3,
  SIZE: 4,
} as const;

export const STATE = {
  /** The worker is connecting (the calling thread waits). */
  STARTING: 0,
  /** Connected, waiting for a request. */
  IDLE: 1,
  /** The calling thread posted a request (the worker's turn). */
  REQUEST: 2,
  /** The worker took the request and is waiting for NATS. */
  BUSY: 3,
  /** The reply is in the data area (the calling thread's turn). */
  REPLY: 4,
  /** close(): the worker closes its connection and ends. */
  STOP: 5,
  /** The worker could not start: the data area holds `{ name, message }[]` as JSON, LEN bytes. */
  FAILED: 6,
  /** The worker closed its connection after STOP. */
  STOPPED: 7,
} as const;

export const KIND = {
  /** The answer's bytes, as the server sent them. */
  ANSWER: 0,
  /** A NATS service error reply: `{ code, description, karmem, body }` as JSON. */
  SERVICE_ERROR: 1,
  /** The NATS client threw: its error and causes, `{ name, message }[]` as JSON. */
  CLIENT_ERROR: 2,
  /** The answer (LEN bytes) did not fit: the data area cannot grow that far. */
  TOO_LARGE: 3,
} as const;

/** What the worker gets (structured clone). */
export interface BridgeInit {
  readonly ctl: SharedArrayBuffer;
  /** The data area: a shared memory, so that either thread can grow it and both see it. */
  readonly data: WebAssembly.Memory;
  /** Where the worker loads the NATS client from (a resolved path, or a package name). */
  readonly natsModule: string;
  /** `connect()` options of the NATS client (servers included). */
  readonly connect: Readonly<Record<string, unknown>>;
  /** Subjects, by the index the calling thread posts. */
  readonly subjects: readonly string[];
  /** Time limit of each request, in ms. */
  readonly timeoutMs: number;
  /** Fault injection for tests: the worker sits on each request this long before sending it. */
  readonly stallMs: number;
}

export const BRIDGE_WORKER_SOURCE = `'use strict';
const { workerData } = require('node:worker_threads');
const CTL = ${JSON.stringify(CTL)};
const STATE = ${JSON.stringify(STATE)};
const KIND = ${JSON.stringify(KIND)};
const HEADERS = ${JSON.stringify({ code: SERVICE_CODE_HEADER, description: SERVICE_ERROR_HEADER, karmem: ERROR_HEADER })};
const PAGE = 65536;
const init = workerData;
const ctl = new Int32Array(init.ctl);
const data = init.data;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The data area, at least min bytes long (grown if needed); null when it cannot grow that far.
function area(min) {
  const have = data.buffer.byteLength;
  if (have < min) {
    try { data.grow(Math.ceil((min - have) / PAGE)); } catch { return null; }
  }
  return new Uint8Array(data.buffer);
}

function post(state, kind, bytes) {
  const u8 = area(bytes.length);
  if (u8 === null) kind = KIND.TOO_LARGE;
  else u8.set(bytes, 0);
  Atomics.store(ctl, CTL.KIND, kind);
  Atomics.store(ctl, CTL.LEN, bytes.length);
  Atomics.store(ctl, CTL.STATE, state);
  Atomics.notify(ctl, CTL.STATE);
}

// An error and its causes, as names and messages.
function chain(error) {
  const out = [];
  for (let e = error; e !== undefined && e !== null && out.length < 8; e = e.cause) {
    out.push({ name: String(e.name || 'Error'), message: String(e.message === undefined ? e : e.message) });
    if (typeof e !== 'object') break;
  }
  return encoder.encode(JSON.stringify(out));
}

// The next request, or STOP.
async function next() {
  for (;;) {
    const state = Atomics.load(ctl, CTL.STATE);
    if (state === STATE.REQUEST || state === STATE.STOP) return state;
    const wait = Atomics.waitAsync(ctl, CTL.STATE, state);
    if (wait.async) await wait.value;
  }
}

async function main() {
  let nc;
  try {
    nc = await require(init.natsModule).connect(init.connect);
  } catch (error) {
    post(STATE.FAILED, KIND.CLIENT_ERROR, chain(error));
    return;
  }
  Atomics.store(ctl, CTL.STATE, STATE.IDLE);
  Atomics.notify(ctl, CTL.STATE);
  while ((await next()) === STATE.REQUEST) {
    const subject = init.subjects[Atomics.load(ctl, CTL.SUBJECT)];
    const len = Atomics.load(ctl, CTL.LEN);
    // A copy of its own: the NATS client may pack the payload after this turn.
    const payload = new Uint8Array(data.buffer, 0, len).slice();
    Atomics.store(ctl, CTL.STATE, STATE.BUSY);
    if (init.stallMs > 0) await new Promise((resolve) => setTimeout(resolve, init.stallMs));
    let kind, bytes;
    try {
      const msg = await nc.request(subject, payload, { timeout: init.timeoutMs });
      const h = msg.headers;
      const code = h ? h.get(HEADERS.code) : '';
      if (!code) {
        kind = KIND.ANSWER;
        bytes = msg.data;
      } else {
        kind = KIND.SERVICE_ERROR;
        bytes = encoder.encode(JSON.stringify({ code: Number(code), description: h.get(HEADERS.description), karmem: h.get(HEADERS.karmem), body: decoder.decode(msg.data) }));
      }
    } catch (error) {
      kind = KIND.CLIENT_ERROR;
      bytes = chain(error);
    }
    post(STATE.REPLY, kind, bytes);
  }
  try { await nc.close(); } catch {}
  Atomics.store(ctl, CTL.STATE, STATE.STOPPED);
  Atomics.notify(ctl, CTL.STATE);
}

main().catch((error) => post(STATE.FAILED, KIND.CLIENT_ERROR, chain(error)));
`;
