// Module engine: implements Physics, imports Scoring (from module scorer)
// and Log (from the host). Built from generated/as/engine.guest.ts.
//
// Step reads the world in place (codegen-as viewers: no copy, no
// allocation), writes the new world straight into its answer, then has the
// scorer score that answer where it lies: with shared memory the scorer reads
// the engine's bytes at their address, and nothing is copied at all.
import * as karmem from "@karmem-ts/runtime-as/assembly";
import { BodyViewer, Line, WorldViewer, viewScore } from "../generated/as/physics";
import { Log, Scoring } from "../generated/as/engine.imports";

const DT: f32 = 1.0 / 60.0;
/** Speed kept after hitting a wall. */
const RESTITUTION: f32 = 0.9;
/** World: packed table of 44 bytes (size, Tick, Gravity, Bounds, Bodies, Energy, Bounces). */
const WORLD_SIZE: u32 = 44;
const BODY_SIZE: u32 = 24;

let bounces: u32 = 0;

export namespace Physics {
  export function Step(world: WorldViewer, r: karmem.Reader, out: karmem.Writer): void {
    const bodies = world.Bodies(r);
    const n = karmem.sliceLength(bodies);
    const from = r.address(karmem.sliceOffset(bodies));
    const gravity = world.Gravity;
    const width = world.Bounds.X;
    const height = world.Bounds.Y;
    const tick = world.Tick + 1;

    const root = out.allocTable(WORLD_SIZE);
    out.write<u64>(root + 4, tick);
    out.write<f32>(root + 12, gravity);
    out.write<f32>(root + 16, width);
    out.write<f32>(root + 20, height);
    const first = out.allocSlice(root + 24, n, BODY_SIZE, true);
    if (!out.ok) return; // the host sees the writer's error status
    const to = out.ptr + <usize>first;
    for (let i: u32 = 0; i < n; i++) {
      const b = BodyViewer.element(from, i);
      const radius = b.Radius;
      let vx = b.Velocity.X;
      let vy = b.Velocity.Y - gravity * DT;
      let x = b.Position.X + vx * DT;
      let y = b.Position.Y + vy * DT;
      if (x < radius) {
        x = radius;
        vx = -vx * RESTITUTION;
        bounces++;
      } else if (x > width - radius) {
        x = width - radius;
        vx = -vx * RESTITUTION;
        bounces++;
      }
      if (y < radius) {
        y = radius;
        vy = -vy * RESTITUTION;
        bounces++;
      } else if (y > height - radius) {
        y = height - radius;
        vy = -vy * RESTITUTION;
        bounces++;
      }
      const at = to + <usize>(i * BODY_SIZE);
      store<f32>(at, x);
      store<f32>(at, y, 4);
      store<f32>(at, vx, 8);
      store<f32>(at, vy, 12);
      store<f32>(at, b.Mass, 16);
      store<f32>(at, radius, 20);
    }

    // The scorer reads the answer being built, where it is.
    const score = viewScore(Scoring.ScoreFrom(out));
    out.write<f64>(root + 32, score.Kinetic + score.Potential);
    out.write<u32>(root + 40, bounces);

    if (tick % 60 == 0) {
      const line = new Line();
      line.Tick = tick;
      line.Text = "energy " + (score.Kinetic + score.Potential).toString() + ", " + bounces.toString() + " bounces, checksum " + score.Checksum.toString();
      Log.Write(line);
    }
  }

  export function Reset(): void {
    bounces = 0;
  }
}
