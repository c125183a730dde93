// A tiny timing loop: warm up, then the best of a few rounds, in ns per call.
// The result of each call feeds a sink so the JIT cannot drop the work.
let sink = 0;

export function nsPerCall(fn: (i: number) => number, iterations = 1_000_000, rounds = 5): number {
  for (let i = 0; i < iterations / 5; i++) sink += fn(i);
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink += fn(i);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / iterations);
  }
  return best;
}

export function sinkValue(): number {
  return sink;
}

export function header(title: string): void {
  console.log(`# ${title}`);
  console.log(`# ${new Date().toISOString()} node ${process.version} ${process.platform}/${process.arch}`);
}
