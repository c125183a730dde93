// End to end: guests built from the generated AssemblyScript glue (plus
// codegen-as's structs and a small implementation), linked and called
// through the generated TypeScript glue (plus codegen-ts's structs).
import { GuestError, type GuestInstance, HostFunctionError, ImportFailedError, type Linked, link } from '@karmem-ts/linker';
import { guest } from './build';
import { Geometry, Notes, type NotesHost, schema } from './golden/relay.glue';
import type { Path, TextViewer } from './golden/relay';

const triangle: Path = { Name: 'triangle', Points: [{ X: 0, Y: 0 }, { X: 3, Y: 0 }, { X: 3, Y: 4 }] };

describe.each(['copy', 'shared'] as const)('generated glue, %s memory', (memory) => {
  let linked: Linked;
  const hostNotes: string[] = [];
  beforeAll(async () => {
    const notes: NotesHost = {
      Note(arg: TextViewer) {
        if (arg.Value.startsWith('!')) throw new Error(`refused note ${arg.Value}`);
        hostNotes.push(arg.Value);
      },
      Count() {
        return { Value: BigInt(hostNotes.length) };
      },
    };
    linked = await link({
      schema,
      memory,
      modules: { worker_a: guest('worker_a'), notebook: guest('notebook'), client: guest('client') },
      // client's imports are left open by the schema: Geometry from worker_a, Notes from the host.
      bind: { client: { Geometry: 'worker_a', Notes: 'host' } },
      host: { Notes: notes },
    });
  });
  afterAll(() => linked.close());

  it('calls return viewers or plain data, typed by the generated interfaces', () => {
    const geometry = linked.client('worker_a', Geometry);
    // 3 + 4 = 7, in thousandths.
    expect(geometry.Length(triangle).Value).toBe(7000n);
    const scaled = geometry.Scale(triangle);
    expect(scaled.Name).toBe('triangle');
    expect(scaled.Points.toArray().map((p) => [p.X, p.Y])).toEqual([[0, 0], [6, 0], [6, 8]]);
    const objects = linked.client('worker_a', Geometry, 'object');
    expect(objects.Scale(triangle)).toEqual({ Name: 'triangle', Points: [{ X: 0, Y: 0 }, { X: 6, Y: 0 }, { X: 6, Y: 8 }] });
  });

  it('a guest calls another guest through the generated import wrappers', () => {
    const geometry = linked.client('worker_a', Geometry, 'object');
    const notebook = linked.client('notebook', Notes, 'object');
    const before = notebook.Count().Value;
    geometry.Length({ Name: 'abc', Points: [] }); // notes "length of abc": 13 bytes
    expect(notebook.Count().Value - before).toBe(1n + 13_000n);
    geometry.Clear();
    // 1000 x one call since Clear, plus what worker_a read from the notebook.
    expect(geometry.Version().Value).toBe(1000n + notebook.Count().Value);
    expect(geometry.Version().Value).toBe(2000n + notebook.Count().Value);
  });

  it('a guest calls an interface the host implements (generated host types)', () => {
    hostNotes.length = 0;
    const run = (linked.endpoint('client') as GuestInstance).instance.exports.run as () => bigint;
    const result = run();
    expect(hostNotes).toEqual(['hello']);
    // length 7000 + notes 1 x 100000 + last scaled Y (8) x 1e9 + Note status 0
    expect(result).toBe(7000n + 100_000n + 8_000_000_000n);
  });

  it('a message a guest received is forwarded as it is: no copy with shared memory, one copy otherwise', () => {
    const geometry = linked.client('worker_a', Geometry, 'object');
    const notebook = linked.client('notebook', Notes, 'object');
    const before = notebook.Count().Value;
    const { copies, bytesCopied } = linked.stats;
    geometry.Annotate({ Value: 'forwarded' }); // worker_a: Notes.NoteForward(its argument reader)
    expect(notebook.Count().Value - before).toBe(1n + 9_000n);
    // The argument the host wrote for Annotate: a Text table (4-byte size, 8-byte slice header) + 9 bytes.
    const length = 4 + 8 + 9;
    expect(linked.stats.copies - copies).toBe(memory === 'shared' ? 0 : 1);
    expect(linked.stats.bytesCopied - bytesCopied).toBe(memory === 'shared' ? 0 : length);
  });

  it("a failed plain import ends the caller's call: an ImportFailedError whose cause is the callee's error", () => {
    const geometry = linked.client('worker_a', Geometry, 'object');
    let thrown: unknown;
    try {
      geometry.Annotate({ Value: '!boom' }); // the notebook refuses it with abi.fail(99)
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ImportFailedError);
    const error = thrown as ImportFailedError;
    expect(error).toMatchObject({ module: 'worker_a', function: 'Geometry.Annotate', failedImport: 'Notes.Note', code: 99 }); // application codes pass through
    expect(error.message).toContain('(the module was reset)');
    expect(error.cause).toBeInstanceOf(GuestError);
    expect(error.cause).toMatchObject({ module: 'notebook', function: 'Notes.Note', code: 99 });
    // worker_a was reset, not broken: it answers again.
    expect(geometry.Length(triangle).Value).toBe(7000n);
  });

  it('a checked import (tryX) hands the failure to the guest, whose call goes on', () => {
    const faults = linked.faultCount;
    const refusedNote = (linked.endpoint('client') as GuestInstance).instance.exports.refusedNote as () => number;
    expect(refusedNote()).toBe(-17); // CALLEE_FAILED, read through abi.lastCallStatus() too
    expect(linked.faultCount).toBe(faults + 1);
    expect(linked.faults.at(-1)).toBeInstanceOf(HostFunctionError);
  });
});
