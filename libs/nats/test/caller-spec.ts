// The schema of the bridge tests: test/spec.ts's Scoring and module scorer,
// plus a guest that imports Scoring (test/guests/caller.ts):
//
//   interface Driver { Run(Sample) Score; Echo(Blob) Blob; Trap(); }
//   module caller implements Driver imports Scoring from scorer;
import type { FunctionSpec, InterfaceSpec, SchemaSpec } from '@karmem-ts/linker';
import { Blob, type Pair, Sample, Score, Scoring, expectedScore, schema as scorerSchema } from './spec';

export interface DriverClient {
  Run(arg: Pair): Pair;
  Echo(arg: Uint8Array): { readonly bytes: Uint8Array };
  Trap(): void;
}

const fn = (name: string, param?: FunctionSpec['param'], result?: FunctionSpec['result']): FunctionSpec => ({ name, ...(param ? { param } : {}), ...(result ? { result } : {}) });

export const Driver: InterfaceSpec<DriverClient, DriverClient, unknown> = {
  name: 'Driver',
  functions: [fn('Run', Sample, Score), fn('Echo', Blob, Blob), fn('Trap')],
};

export const callerSchema: SchemaSpec = {
  name: 'natsbridge',
  interfaces: { Scoring, Driver },
  modules: {
    ...scorerSchema.modules,
    caller: { name: 'caller', implements: ['Driver'], imports: [{ interface: 'Scoring', from: 'scorer' }] },
  },
};

/** What caller answers to Run(sample): the scorer's score of { Id, Value + 1 }, plus 7. */
export function expectedRun(sample: Pair): Pair {
  const score = expectedScore({ Id: sample.Id, Value: (sample.Value + 1) >>> 0 });
  return { Id: score.Id, Value: (score.Value + 7) >>> 0 };
}
