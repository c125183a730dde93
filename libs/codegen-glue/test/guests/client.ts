// Module client imports Geometry and Notes and implements nothing: its entry
// is the generated client.guest.ts plus one export to drive it from tests.
export * from "../golden/as/client.guest";
import { Geometry, Notes } from "../golden/as/client.imports";
import * as abi from "@karmem-ts/linker/assembly";
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { Path, Point, Text, viewPath, viewTotal } from "../golden/as/relay";

function point(x: f32, y: f32): Point {
  const p = new Point();
  p.X = x;
  p.Y = y;
  return p;
}

/** Measures a 3-4-5 triangle's two sides, takes a note, scales the path: returns a sum of what came back. */
export function run(): i64 {
  const path = new Path();
  path.Name = "triangle";
  path.Points = [point(0, 0), point(3, 0), point(3, 4)];
  const length = viewTotal(Geometry.Length(path)).Value;
  const note = new Text();
  note.Value = "hello";
  const status = Notes.tryNote(note);
  const notes = viewTotal(Notes.Count()).Value;
  const r = Geometry.Scale(path);
  const scaled = viewPath(r);
  const points = scaled.Points(r);
  const last = karmem.sliceLength(points) == 3 ? load<f32>(r.address(karmem.sliceOffset(points)) + 16 + 4) : -1;
  return length + notes * 100_000 + <i64>last * 1_000_000_000 + <i64>status;
}

/** Sends a note the host refuses, through the checked wrapper: returns its status, and this call goes on. */
export function refusedNote(): i32 {
  const note = new Text();
  note.Value = "!refused";
  const status = Notes.tryNote(note);
  return status == abi.lastCallStatus() ? status : 1;
}
