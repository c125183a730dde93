// Implementation of module worker_a (Geometry), for the end-to-end test:
// reads paths in place through codegen-as viewers and takes notes in the
// notebook module through the generated import wrappers.
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { PathViewer, PointViewer, Text, TextViewer, Total, encodeTotal, viewTotal } from "../golden/as/relay";
import { Notes } from "../golden/as/worker_a.imports";

let version: i64 = 0;

export namespace Geometry {
  export function Length(arg: PathViewer, r: karmem.Reader, out: karmem.Writer): void {
    const points = arg.Points(r);
    const n = karmem.sliceLength(points);
    const base = r.address(karmem.sliceOffset(points));
    let total: f64 = 0;
    for (let i: u32 = 1; i < n; i++) {
      const a = PointViewer.element(base, i - 1);
      const b = PointViewer.element(base, i);
      const dx = <f64>(b.X - a.X);
      const dy = <f64>(b.Y - a.Y);
      total += Math.sqrt(dx * dx + dy * dy);
    }
    const note = new Text();
    note.Value = "length of " + arg.Name(r);
    Notes.Note(note);
    const answer = new Total();
    answer.Value = <i64>Math.round(total * 1000);
    encodeTotal(out, answer);
  }

  /** Twice the path, written straight into the answer with the writer (no objects). */
  export function Scale(arg: PathViewer, r: karmem.Reader, out: karmem.Writer): void {
    const points = arg.Points(r);
    const n = karmem.sliceLength(points);
    const base = r.address(karmem.sliceOffset(points));
    const root = out.allocTable(20);
    const first = out.allocSlice(root + 4, n, 8, true);
    for (let i: u32 = 0; i < n; i++) {
      const p = PointViewer.element(base, i);
      out.write<f32>(first + i * 8, p.X * 2);
      out.write<f32>(first + i * 8 + 4, p.Y * 2);
    }
    const name = arg.NameBytes(r);
    out.writeSliceBytes(root + 12, r.address(karmem.sliceOffset(name)), karmem.sliceLength(name), 1, true);
  }

  /** Forwards its argument, as received, to the notebook: no copy in this guest. */
  export function Annotate(arg: TextViewer, r: karmem.Reader): void {
    Notes.NoteForward(r);
  }

  export function Clear(): void {
    version = 0;
  }

  /** 1000 x calls of Version since Clear, plus the notebook's note count. */
  export function Version(out: karmem.Writer): void {
    version++;
    const notes = viewTotal(Notes.Count()).Value;
    const answer = new Total();
    answer.Value = version * 1000 + notes;
    encodeTotal(out, answer);
  }
}
