// The shared-memory overlap check uses what the linker can read itself: the
// data segments instantiation writes (from the module's bytes) and the frame
// address, against the static range each guest reports. A guest whose report
// leaves out its own data or frame is refused at link time; only from a
// compiled WebAssembly.Module (no bytes) is the report trusted.
import { LinkError, link, readWasm } from '@karmem-ts/linker';
import { checkStaticRange } from '../src/boundary';
import { dataExtent } from '../src/layout';
import { guestText, hostileSchema as schema } from './hostile-guests';
import { wat } from './wat';

/** A guest text with one more data segment of `bytes` bytes at `at`. */
function withData(text: string, at: number, bytes: number): string {
  const end = text.lastIndexOf(')');
  return `${text.slice(0, end)}  (data (i32.const ${at}) "${'x'.repeat(bytes)}")\n)`;
}

const G = wat({
  callee: guestText({ memory: 'import', base: 0x10000, role: 'callee' }),
  caller: guestText({ memory: 'import', base: 0x20000, role: 'caller' }),
  // Reports [0x20000, 0x28000) but instantiation writes 16 bytes at 0x10010: into the callee's static data.
  callerWritesElsewhere: withData(guestText({ memory: 'import', base: 0x20000, role: 'caller' }), 0x10010, 16),
  // Its frame lies at 0x1C000, where it reports static data [0, 0).
  calleeFrameOutside: guestText({ memory: 'import', base: 0x10000, role: 'callee', frame: '(i32.const 0x1C000)' }),
});

function rejection(promise: Promise<unknown>): Promise<LinkError> {
  return promise.then(
    () => {
      throw new Error('linked, but should have been refused');
    },
    (error: unknown) => error as LinkError,
  );
}

describe('the shared-memory layout check', () => {
  it('reads the active data segments of a module from its bytes', () => {
    const data = readWasm(G.callerWritesElsewhere).data;
    expect(data).toEqual(expect.arrayContaining([{ offset: 0x20008, size: 8 }, { offset: 0x10010, size: 16 }]));
  });

  it('links guests whose data segments and frame lie inside the ranges they report', async () => {
    const linked = await link({ schema, memory: 'shared', modules: { callee: G.callee, caller: G.caller } });
    await linked.close();
  });

  it('refuses a guest whose data segments lie outside the static data it reports', async () => {
    const error = await rejection(link({ schema, memory: 'shared', modules: { callee: G.callee, caller: G.callerWritesElsewhere } }));
    expect(error).toBeInstanceOf(LinkError);
    expect(error.module).toBe('caller');
    expect(error.problem).toBe(`its data segments [${0x10010}, ${0x20010}) (read from its bytes) lie outside the static data [${0x20000}, ${0x28000}) its frame reports`);
  });

  it('refuses a guest whose frame lies outside the static data it reports', async () => {
    const error = await rejection(link({ schema, memory: 'shared', modules: { callee: G.calleeFrameOutside, caller: G.caller } }));
    expect(error).toBeInstanceOf(LinkError);
    expect(error.module).toBe('callee');
    expect(error.problem).toMatch(/^its frame \[114688, \+16\) lies outside the static data \[\d+, \d+\) its frame reports$/);
  });

  it('trusts the report of a compiled WebAssembly.Module, whose data segments it cannot read (docs/linker.md, trust model)', async () => {
    const compiled = new WebAssembly.Module(G.callerWritesElsewhere);
    const linked = await link({ schema, memory: 'shared', modules: { callee: G.callee, caller: compiled } });
    await linked.close();
  });
});

describe('checkStaticRange and dataExtent (units)', () => {
  const info = (data: { offset: number | undefined; size: number }[]) => ({ imports: [], exports: [], memories: [], data });

  it('the extent of the data segments: from the lowest start to the highest end, empty segments left out', () => {
    expect(dataExtent(info([{ offset: 200, size: 8 }, { offset: 100, size: 4 }, { offset: 900, size: 0 }]))).toEqual({ start: 100, end: 208 });
    expect(dataExtent(info([]))).toBeUndefined();
    expect(dataExtent(undefined)).toBeUndefined();
    // An offset that is not a constant: the extent is unknown, the report is trusted.
    expect(dataExtent(info([{ offset: 100, size: 4 }, { offset: undefined, size: 4 }]))).toBeUndefined();
  });

  it('accepts a report that holds the frame and the data, refuses one that does not', () => {
    expect(() => checkStaticRange('m', 100, 300, 100, { start: 116, end: 300 })).not.toThrow();
    expect(() => checkStaticRange('m', 100, 300, 96, undefined)).toThrow('its frame [96, +16) lies outside the static data [100, 300) its frame reports');
    expect(() => checkStaticRange('m', 100, 300, 288, undefined)).toThrow(/its frame \[288, \+16\)/);
    expect(() => checkStaticRange('m', 100, 300, 100, { start: 99, end: 200 })).toThrow('its data segments [99, 200) (read from its bytes) lie outside the static data [100, 300) its frame reports');
    expect(() => checkStaticRange('m', 100, 300, 100, { start: 100, end: 301 })).toThrow(/its data segments \[100, 301\)/);
  });
});
