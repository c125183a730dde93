// The example's starting world, apart from run.ts so that hosts without
// Node's APIs (examples/browser) build the same one.
import type { World } from './generated/ts/physics';

/** A deterministic world of `n` bodies in a 100 x 60 box. */
export function makeWorld(n: number, seed = 42): World {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const Bodies = [];
  for (let i = 0; i < n; i++) {
    const radius = 0.2 + random() * 0.6;
    Bodies.push({
      Position: { X: radius + random() * (100 - 2 * radius), Y: radius + random() * (60 - 2 * radius) },
      Velocity: { X: (random() - 0.5) * 20, Y: (random() - 0.5) * 20 },
      Mass: Math.fround(radius * radius * 3.14),
      Radius: Math.fround(radius),
    });
  }
  return { Tick: 0n, Gravity: 9.81, Bounds: { X: 100, Y: 60 }, Bodies, Energy: 0, Bounces: 0 };
}
