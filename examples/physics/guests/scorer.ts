// Module scorer: implements Scoring. Built from generated/as/scorer.guest.ts.
//
// Reads the world in place and answers its kinetic and potential energy and
// an FNV-1a checksum of the bodies' 32-bit words as it saw them. A body of negative
// mass has no energy to score: the scorer aborts (the linker resets it, and
// the engine's call ends with an ImportFailedError naming the scorer).
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { BodyViewer, WorldViewer } from "../generated/as/physics";

/** Score: packed table of 32 bytes (size, Tick, Kinetic, Potential, Checksum). */
const SCORE_SIZE: u32 = 32;

export namespace Scoring {
  export function Score(world: WorldViewer, r: karmem.Reader, out: karmem.Writer): void {
    const bodies = world.Bodies(r);
    const n = karmem.sliceLength(bodies);
    const base = r.address(karmem.sliceOffset(bodies));
    const gravity = <f64>world.Gravity;
    let kinetic: f64 = 0;
    let potential: f64 = 0;
    for (let i: u32 = 0; i < n; i++) {
      const b = BodyViewer.element(base, i);
      const m = <f64>b.Mass;
      if (m < 0) abort("a body of negative mass");
      const vx = <f64>b.Velocity.X;
      const vy = <f64>b.Velocity.Y;
      kinetic += 0.5 * m * (vx * vx + vy * vy);
      potential += m * gravity * <f64>b.Position.Y;
    }
    // FNV-1a over the bodies' 32-bit little-endian words (a body is six).
    let hash: u32 = 2166136261;
    const end = base + <usize>n * 24;
    for (let at = base; at < end; at += 4) {
      hash ^= load<u32>(at);
      hash *= 16777619;
    }
    const root = out.allocTable(SCORE_SIZE);
    out.write<u64>(root + 4, world.Tick);
    out.write<f64>(root + 12, kinetic);
    out.write<f64>(root + 20, potential);
    out.write<u32>(root + 28, hash);
  }
}
