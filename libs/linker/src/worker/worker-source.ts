/**
 * The code a guest's Node worker thread runs, as text: `new Worker(source, {
 * eval: true })` needs no file on disk, so it works the same from sources
 * (Jest), bundles and compiled output. The guest side itself is shared with
 * the browser runner (./guest-source.ts); this wraps it for worker_threads.
 */
import { GUEST_MAIN } from './guest-source';

export const WORKER_SOURCE = `'use strict';
const { workerData, parentPort } = require('node:worker_threads');
${GUEST_MAIN}
karmemGuestMain(workerData, (message) => parentPort.postMessage(message));
`;
