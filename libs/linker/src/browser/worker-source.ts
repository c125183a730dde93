/**
 * The code a guest's Web Worker runs, as text (started from a Blob URL, so
 * that no separate file has to be served): the guest side shared with the
 * Node runner (../worker/guest-source.ts), started by the first message,
 * which carries its GuestInit.
 */
import { GUEST_MAIN } from '../worker/guest-source';

export const BROWSER_WORKER_SOURCE = `'use strict';
${GUEST_MAIN}
self.onmessage = (event) => {
  self.onmessage = null;
  karmemGuestMain(event.data, (message) => self.postMessage(message));
};
`;
