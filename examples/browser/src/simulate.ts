/**
 * The physics example's run, for a browser: links the engine and scorer
 * guests in one arrangement and steps the world, the same sequence as
 * examples/physics/run.ts's simulate() (no warmup), so that both give the
 * same last world. Uses no Node API.
 */
import { type Runner, link } from '@karmem-ts/linker';
import { type LineViewer, viewWorld } from '../../physics/generated/ts/physics';
import { type LogHost, Physics, schema } from '../../physics/generated/ts/physics.glue';
import { makeWorld } from '../../physics/world';

export interface RunSpec {
  readonly label: string;
  readonly memory: 'copy' | 'shared';
  readonly engine: WebAssembly.Module;
  readonly scorer: WebAssembly.Module;
  /** Where the scorer runs (default: in this thread). */
  readonly scorerRunner?: Runner;
  readonly bodies: number;
  readonly ticks: number;
}

/** What a run gives (JSON-safe: the tick is a string). */
export interface RunOutcome {
  readonly label: string;
  readonly memory: 'copy' | 'shared';
  readonly scorer: string;
  readonly bodies: number;
  readonly ticks: number;
  readonly ms: number;
  readonly copies: number;
  readonly bytesCopied: number;
  readonly logLines: number;
  readonly final: { readonly tick: string; readonly energy: number; readonly bounces: number };
  /** The scorer's checksum of the last world, from the engine's last log line. */
  readonly checksum: string;
}

export async function simulate(spec: RunSpec): Promise<RunOutcome> {
  const lines: string[] = [];
  const log: LogHost = {
    Write(line: LineViewer) {
      lines.push(`tick ${line.Tick}: ${line.Text}`);
    },
  };
  const linked = await link({
    schema,
    memory: spec.memory,
    modules: { engine: spec.engine, scorer: spec.scorerRunner ? { source: spec.scorer, runner: spec.scorerRunner } : spec.scorer },
    host: { Log: log },
  });
  try {
    const step = linked.function('engine', 'Physics', 'Step');
    linked.client('engine', Physics).Reset();
    const started = performance.now();
    let answer = step.call(makeWorld(spec.bodies));
    for (let t = 1; t < spec.ticks; t++) answer = step.callBytes(answer.bytes(0, answer.length));
    const ms = performance.now() - started;
    const last = viewWorld(answer);
    return {
      label: spec.label,
      memory: spec.memory,
      scorer: spec.scorerRunner ? spec.scorerRunner.kind : 'in-thread',
      bodies: spec.bodies,
      ticks: spec.ticks,
      ms,
      copies: linked.stats.copies,
      bytesCopied: linked.stats.bytesCopied,
      logLines: lines.length,
      final: { tick: String(last.Tick), energy: last.Energy, bounces: last.Bounces },
      checksum: /checksum (\d+)/.exec(lines[lines.length - 1] ?? '')?.[1] ?? '?',
    };
  } finally {
    await linked.close();
  }
}
