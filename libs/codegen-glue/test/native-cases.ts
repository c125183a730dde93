// The cases C and Rust guests share (./c-glue.spec.ts, ./rust-glue.spec.ts):
// the relay's worker_a between AssemblyScript modules, and its notebook
// under an AssemblyScript worker_a. Each language's spec links its guests
// and adds what only its guests do.
import { GuestError, type GuestInstance, ImportFailedError, type Linked } from '@karmem-ts/linker';
import { Geometry, Notes } from './golden/relay.glue';
import type { Path } from './golden/relay';

export const triangle: Path = { Name: 'triangle', Points: [{ X: 0, Y: 0 }, { X: 3, Y: 0 }, { X: 3, Y: 4 }] };

export interface NativeCases {
  /** 'C' or 'Rust', in the cases' names. */
  readonly language: string;
  /** How the language's glue names a checked import (`_try_`, `try_`). */
  readonly checkedImport: string;
  readonly memory: 'copy' | 'shared';
  /** The linked set of the describe block (made in its beforeAll). */
  readonly linked: () => Linked;
}

/** A native worker_a, with an AssemblyScript notebook and client and `hostNotes` behind the client's Notes. */
export function workerCases({ language, checkedImport, memory, linked }: NativeCases, hostNotes: string[]): void {
  it('the host calls it with typed calls: viewers or plain data', () => {
    const geometry = linked().client('worker_a', Geometry);
    expect(geometry.Length(triangle).Value).toBe(7000n);
    const scaled = geometry.Scale(triangle);
    expect(scaled.Name).toBe('triangle');
    expect(scaled.Points.toArray().map((p) => [p.X, p.Y])).toEqual([[0, 0], [6, 0], [6, 8]]);
    const objects = linked().client('worker_a', Geometry, 'object');
    expect(objects.Scale(triangle)).toEqual({ Name: 'triangle', Points: [{ X: 0, Y: 0 }, { X: 6, Y: 0 }, { X: 6, Y: 8 }] });
    expect(objects.Scale({ Name: '', Points: [] })).toEqual({ Name: '', Points: [] });
  });

  it('it calls the AssemblyScript notebook through the generated import wrappers; its state lives between calls', () => {
    const geometry = linked().client('worker_a', Geometry, 'object');
    const notebook = linked().client('notebook', Notes, 'object');
    const before = notebook.Count().Value;
    geometry.Length({ Name: 'abc', Points: [] }); // notes "length of abc": 13 bytes
    expect(notebook.Count().Value - before).toBe(1n + 13_000n);
    geometry.Clear();
    expect(geometry.Version().Value).toBe(1000n + notebook.Count().Value);
    expect(geometry.Version().Value).toBe(2000n + notebook.Count().Value);
  });

  it('the AssemblyScript client calls it', () => {
    hostNotes.length = 0;
    const run = (linked().endpoint('client') as GuestInstance).instance.exports.run as () => bigint;
    expect(run()).toBe(7000n + 100_000n + 8_000_000_000n);
    expect(hostNotes).toEqual(['hello']);
  });

  it('it forwards its argument as it is: no copy with shared memory, one copy otherwise', () => {
    const geometry = linked().client('worker_a', Geometry, 'object');
    const notebook = linked().client('notebook', Notes, 'object');
    const before = notebook.Count().Value;
    const { copies, bytesCopied } = linked().stats;
    geometry.Annotate({ Value: 'forwarded' });
    expect(notebook.Count().Value - before).toBe(1n + 9_000n);
    expect(linked().stats.copies - copies).toBe(memory === 'shared' ? 0 : 1);
    expect(linked().stats.bytesCopied - bytesCopied).toBe(memory === 'shared' ? 0 : 4 + 8 + 9);
  });

  it("a failed plain import ends its call: ImportFailedError, the callee's error as cause", () => {
    const geometry = linked().client('worker_a', Geometry, 'object');
    let thrown: unknown;
    try {
      geometry.Annotate({ Value: '!boom' }); // the AssemblyScript notebook fails it with 99
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ImportFailedError);
    expect(thrown).toMatchObject({ module: 'worker_a', function: 'Geometry.Annotate', failedImport: 'Notes.Note', code: 99 });
    expect((thrown as ImportFailedError).cause).toMatchObject({ module: 'notebook', function: 'Notes.Note', code: 99 });
    expect(geometry.Length(triangle).Value).toBe(7000n);
  });

  it(`a checked import (${checkedImport}) hands the failure to the ${language} guest, whose call goes on`, () => {
    const refusedNote = (linked().endpoint('worker_a') as GuestInstance).instance.exports.refusedNote as () => number;
    // The notebook's application code passes through a checked import unchanged (docs/abi.md, "Status").
    expect(refusedNote()).toBe(-99);
  });
}

/** A native notebook under an AssemblyScript worker_a. */
export function notebookCases({ language, linked }: NativeCases): void {
  it(`the AssemblyScript module calls the ${language} module; the host calls both`, () => {
    const geometry = linked().client('worker_a', Geometry, 'object');
    const notebook = linked().client('notebook', Notes, 'object');
    const before = notebook.Count().Value;
    expect(geometry.Length({ Name: 'abc', Points: [] }).Value).toBe(0n);
    geometry.Annotate({ Value: 'forwarded' });
    expect(notebook.Count().Value - before).toBe(2n + 13_000n + 9_000n);
  });

  it(`an application error of the ${language} module reaches the host as a GuestError with its code`, () => {
    const notebook = linked().client('notebook', Notes, 'object');
    let thrown: unknown;
    try {
      notebook.Note({ Value: '!no' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GuestError);
    expect(thrown).toMatchObject({ module: 'notebook', function: 'Notes.Note', code: 99, codeName: 'APPLICATION(99)' });
    // Through the AssemblyScript caller: its plain import failed.
    const geometry = linked().client('worker_a', Geometry, 'object');
    expect(() => geometry.Annotate({ Value: '!no' })).toThrow(ImportFailedError);
    expect(notebook.Count().Value).toBeGreaterThan(0n);
  });
}
