/**
 * The guest side of the channel, as text: one function, karmemGuestMain(init,
 * post), that instantiates the guest from `init` (a GuestInit, see
 * ./channel.ts), answers calls and resets over the control block and the data
 * area, and sends log lines with `post`. With `init.memory` (a worker pool,
 * ./pool-worker.ts) the guest imports that shared memory and, with
 * `init.inPlace`, arguments and answers stay in it: the calling thread
 * writes the argument into the region published in IN_PTR / IN_CAP and
 * reads the answer at the address left in C. Plain JavaScript that uses no host
 * API, so that both runners wrap it: `@karmem-ts/linker/worker` in a Node
 * worker thread (./worker-source.ts) and `@karmem-ts/linker/browser` in a
 * Web Worker (../browser/worker-source.ts). The numbers are ./protocol.ts's.
 */
import { ABI_VERSION } from '../abi';
import { FUEL_MODULE, FUEL_NAME } from '../fuel';
import { CTL, KIND, TURN_MAIN, TURN_WORKER } from './protocol';

export const GUEST_MAIN = `function karmemGuestMain(workerData, post) {
  'use strict';
  const CTL = ${JSON.stringify(CTL)};
  const KIND = ${JSON.stringify(KIND)};
  const TURN_MAIN = ${TURN_MAIN}, TURN_WORKER = ${TURN_WORKER};
  const PAGE = 65536;
  const ctl = new Int32Array(workerData.ctl);
  Atomics.store(ctl, CTL.ALIVE, 1);
  const data = workerData.data;
  let dataU8 = new Uint8Array(data.buffer);
  function dataBytes(min) {
    if (data.buffer.byteLength < min) data.grow(Math.ceil((min - data.buffer.byteLength) / PAGE));
    if (dataU8.buffer !== data.buffer || dataU8.byteLength !== data.buffer.byteLength) dataU8 = new Uint8Array(data.buffer);
    return dataU8;
  }

  class CapError extends Error {
    constructor(limit, used, requested) { super('memory cap'); this.limit = limit; this.used = used; this.requested = requested; }
  }
  class AbortError extends Error {}
  // A pointer, length or status the guest gave that breaks the ABI. The same
  // checks as ../boundary.ts; the calling thread rebuilds the same error from
  // these facts.
  class ProtocolFault extends Error {
    constructor(facts) { super('protocol'); this.facts = facts; }
  }
  function check(what, ptr, len, size) {
    if (ptr + len > size) throw new ProtocolFault({ what, ptr, len, size });
  }
  function reserved(region, size) {
    const raw = reserve(region, size);
    if (typeof raw !== 'number') throw new ProtocolFault({ reason: 'karmem_reserve(' + region + ', ' + size + ') returned a ' + typeof raw + ', not an i32 address' });
    const at = raw >>> 0;
    check('the region karmem_reserve(' + region + ', ' + size + ') returned', at, size, memory.buffer.byteLength);
    return at;
  }

  let instance, memory, fns, reserve, frame, inPtr = 0, inCap = 0, retPtr = 0, retCap = 0;
  // The fuel counter of a metered module (../fuel.ts), kept across restarts.
  const fuel = workerData.fuel === null ? null : new WebAssembly.Global({ value: 'i64', mutable: true }, workerData.fuel);
  function fill() { if (fuel !== null) fuel.value = workerData.fuel; }
  class FuelOut extends Error {}
  let pages = Math.max(1, workerData.importedMemoryPages);
  // A memory the calling thread gave (shared, kept across restarts): the
  // host arena hands out its pages from where its initial size ends, again
  // from there after each restart (the allocator re-instantiates safely).
  const given = workerData.memory || null;
  const arenaStart = given === null ? 0 : given.buffer.byteLength;
  let arenaTop = arenaStart;
  function arenaChunk(bytes) {
    const at = arenaTop, end = at + bytes;
    if (end > workerData.memoryLimit) throw new CapError(workerData.memoryLimit, at, bytes);
    const size = memory.buffer.byteLength;
    if (end > size) {
      try { memory.grow(Math.ceil((end - size) / PAGE)); } catch { throw new CapError(size, at, bytes); }
    }
    arenaTop = end;
    return at;
  }
  let guestU8 = new Uint8Array(0);
  function bytes() {
    if (guestU8.buffer !== memory.buffer) guestU8 = new Uint8Array(memory.buffer);
    return guestU8;
  }
  function asString(ptr) {
    ptr >>>= 0;
    const b = bytes();
    if (ptr < 4 || ptr > b.length) return '';
    const len = Math.min(new DataView(b.buffer).getUint32(ptr - 4, true), 2048);
    let s = '';
    for (let i = 0; i + 1 < len && ptr + i + 1 < b.length; i += 2) s += String.fromCharCode(b[ptr + i] | (b[ptr + i + 1] << 8));
    return s;
  }

  function send(kind) {
    Atomics.store(ctl, CTL.KIND, kind);
    Atomics.store(ctl, CTL.STATE, TURN_MAIN);
    Atomics.notify(ctl, CTL.STATE);
  }
  function waitTurn() {
    while (Atomics.load(ctl, CTL.STATE) !== TURN_WORKER) Atomics.wait(ctl, CTL.STATE, TURN_MAIN);
  }

  function importer(index) {
    const imp = workerData.interfaceImports[index];
    const qualified = imp.module.slice(imp.module.indexOf(':') + 1) + '.' + imp.name;
    return (ptr, len) => {
      ptr >>>= 0; len >>>= 0;
      check('the argument it passed to import ' + qualified, ptr, len, memory.buffer.byteLength);
      const d = dataBytes(len);
      d.set(bytes().subarray(ptr, ptr + len), 0);
      Atomics.store(ctl, CTL.A, index);
      Atomics.store(ctl, CTL.B, len);
      send(KIND.IMPORT);
      waitTurn();
      const status = Atomics.load(ctl, CTL.A);
      if (status > 0) {
        const at = Atomics.load(ctl, CTL.C);
        if (status > retCap || retPtr === 0) { retCap = Math.max(status, retCap * 2, 1024); retPtr = reserved(1, retCap); }
        bytes().set(dataBytes(at + status).subarray(at, at + status), retPtr);
        new Uint32Array(memory.buffer)[(frame >>> 2) + 1] = retPtr;
      }
      return status;
    };
  }

  function instantiate() {
    const imports = { env: {
      abort: (m, f, l, c) => { throw new AbortError('abort: ' + (asString(m) || 'unreachable') + ' at ' + (asString(f) || '?') + ':' + l + ':' + c); },
      trace: (m, n, ...a) => post({ log: workerData.name + ': trace: ' + asString(m) + (n > 0 ? ' ' + a.slice(0, n).join(', ') : '') }),
      seed: () => Date.now(),
    }, karmem: {
      arena_grow: (n) => {
        n >>>= 0;
        const pages = Math.max(1, Math.ceil(n / PAGE));
        if (given !== null) return arenaChunk(pages * PAGE);
        const used = memory.buffer.byteLength;
        if (used + pages * PAGE > workerData.memoryLimit) throw new CapError(workerData.memoryLimit, used, pages * PAGE);
        try { return memory.grow(pages) * PAGE; } catch { throw new CapError(used, used, pages * PAGE); }
      },
    } };
    if (fuel !== null) imports.${FUEL_MODULE}.${FUEL_NAME} = fuel;
    workerData.interfaceImports.forEach((imp, i) => { (imports[imp.module] ??= {})[imp.name] = importer(i); });
    memory = undefined;
    arenaTop = arenaStart;
    for (let attempt = 0; ; attempt++) {
      if (given !== null) {
        memory = given;
        imports.env.memory = given;
      } else if (workerData.importedMemoryPages > 0) {
        // The cap as the memory's maximum: a guest's own memory.grow fails (-1) past it.
        const cap = workerData.memoryLimit === Infinity ? 65536 : Math.floor(workerData.memoryLimit / PAGE);
        if (cap < pages) throw new Error('memoryLimit ' + workerData.memoryLimit + ' bytes (' + cap + ' pages) is below the ' + pages + ' pages (' + pages * PAGE + ' bytes) its memory starts with');
        memory = new WebAssembly.Memory({ initial: pages, maximum: cap });
        imports.env.memory = memory;
      }
      try {
        fill(); // the start function runs under the budget too
        instance = new WebAssembly.Instance(workerData.module, imports);
        break;
      } catch (error) {
        if (spent(error)) throw new FuelOut('its start function ran out of fuel (budget ' + workerData.fuel + ' units)');
        // A compiled module's memory import size is learnt from the engine (see guest.ts).
        const match = error instanceof WebAssembly.LinkError && /initial (?:of )?(\\d+)/.exec(error.message);
        if (!match || Number(match[1]) <= pages || attempt > 3) throw error;
        pages = Number(match[1]);
      }
    }
    if (!memory) memory = instance.exports.memory;
    fns = workerData.functionExports.map((name) => instance.exports[name]);
    reserve = instance.exports.karmem_reserve;
    const version = instance.exports.karmem_abi_version();
    if (version !== ${ABI_VERSION}) throw new Error('speaks karmem ABI version ' + String(version) + '; this linker speaks ${ABI_VERSION}');
    fill();
    let rawFrame;
    try { rawFrame = instance.exports.karmem_frame(); } catch (error) {
      if (spent(error)) throw new FuelOut('karmem_frame ran out of fuel (budget ' + workerData.fuel + ' units)');
      throw error;
    }
    if (typeof rawFrame !== 'number') throw new Error('karmem_frame returned a ' + typeof rawFrame + ', not an i32 address');
    frame = rawFrame >>> 0;
    if (frame % 4 !== 0) throw new Error('its frame address ' + frame + ' (karmem_frame) is not 4-byte aligned');
    if (frame + 16 > memory.buffer.byteLength) throw new Error('its frame (karmem_frame) [' + frame + ', +16) lies outside its memory (' + memory.buffer.byteLength + ' bytes)');
    inPtr = inCap = retPtr = retCap = 0;
    if (workerData.inPlace) argumentRegion(65536);
  }

  // In-place mode: a region of at least len bytes for the calling thread to write arguments into.
  function argumentRegion(len) {
    if (len <= inCap && inPtr !== 0) return;
    inCap = Math.max(len, inCap * 2, 1024);
    inPtr = reserved(0, inCap);
    Atomics.store(ctl, CTL.IN_PTR, inPtr);
    Atomics.store(ctl, CTL.IN_CAP, inCap);
  }

  function spent(error) {
    return fuel !== null && error instanceof WebAssembly.RuntimeError && fuel.value < 0n;
  }

  function describe(error) {
    if (spent(error)) return { kind: 'fuel', reason: 'ran out of fuel (budget ' + workerData.fuel + ' units per call)' };
    if (error instanceof CapError) return { kind: 'memcap', limit: error.limit, used: error.used, requested: error.requested };
    if (error instanceof ProtocolFault) return Object.assign({ kind: 'protocol' }, error.facts);
    let reason = error && error.message ? error.message : String(error);
    if (error instanceof RangeError && /call stack/i.test(reason)) reason = 'stack overflow (' + reason + ')';
    return { kind: 'trap', reason };
  }

  function report(kind, value) {
    const text = new TextEncoder().encode(JSON.stringify(value));
    dataBytes(text.length).set(text, 0);
    Atomics.store(ctl, CTL.B, text.length);
    send(kind);
  }

  function call(index, at, len) {
    if (workerData.fuelPerCall) fill(); // one budget per call (its argument region's karmem_reserve included)
    if (workerData.inPlace) {
      // The calling thread wrote the argument at inPtr; it asks for room first (RESERVE).
      if (len > inCap) throw new ProtocolFault({ reason: 'the host sent ' + len + ' argument bytes for a region of ' + inCap });
    } else {
      if (len > inCap || inPtr === 0) { inCap = Math.max(len, inCap * 2, 1024); inPtr = reserved(0, inCap); }
      bytes().set(dataBytes(at + len).subarray(at, at + len), inPtr);
    }
    const status = fns[index](inPtr, len);
    if (typeof status !== 'number' || (status | 0) !== status) {
      throw new ProtocolFault({ status: typeof status === 'number' ? String(status) : 'a ' + typeof status });
    }
    if (status > 0) {
      const out = new Uint32Array(memory.buffer)[frame >>> 2];
      check('its answer', out, status, memory.buffer.byteLength);
      if (workerData.inPlace) Atomics.store(ctl, CTL.C, out);
      else dataBytes(status).set(bytes().subarray(out, out + status), 0);
    }
    return status;
  }

  try {
    instantiate();
  } catch (error) {
    report(KIND.START_FAILED, describe(error));
    throw error;
  }
  send(KIND.READY);
  for (;;) {
    waitTurn();
    const kind = Atomics.load(ctl, CTL.KIND);
    if (kind === KIND.RESET) {
      try { instantiate(); send(KIND.READY); } catch (error) { report(KIND.START_FAILED, describe(error)); }
      continue;
    }
    if (kind !== KIND.CALL && kind !== KIND.RESERVE) continue;
    try {
      if (kind === KIND.RESERVE) {
        if (workerData.fuelPerCall) fill();
        argumentRegion(Atomics.load(ctl, CTL.B) >>> 0);
        Atomics.store(ctl, CTL.A, 0);
      } else {
        Atomics.store(ctl, CTL.A, call(Atomics.load(ctl, CTL.A), Atomics.load(ctl, CTL.C) >>> 0, Atomics.load(ctl, CTL.B)));
      }
      send(KIND.DONE);
    } catch (error) {
      const what = describe(error);
      try { instantiate(); } catch (again) { what.restartFailed = String(again && again.message); }
      report(KIND.TRAP, what);
    }
  }
}`;
