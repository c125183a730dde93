/**
 * The schema of the runaway guest (src/looper.wat), as generated glue would
 * describe it, with a hand-written codec: the browser runner's time limit is
 * shown on it.
 *
 *   struct Count table { Value uint32; }
 *   interface Loop { Counter() Count; Spin(); }
 *   module looper implements Loop;
 */
import type { Codec, InterfaceSpec, SchemaSpec } from '@karmem-ts/linker';
import type { Reader, Writer } from '@karmem-ts/runtime';

export interface Count {
  readonly Value: number;
}

const readCount = (r: Reader): Count => ({ Value: r.tableSize(0, true) >= 8 ? r.u32(4) : 0 });

export const CountCodec: Codec<Count, Count> = {
  name: 'Count',
  encode(value: Count, w: Writer) {
    w.reset();
    const t = w.alloc(8);
    w.setU32(t, 8);
    w.setU32(t + 4, value.Value);
  },
  view: readCount,
  decode: readCount,
};

export interface LoopClient {
  Counter(): Count;
  Spin(): void;
}

export const Loop: InterfaceSpec<LoopClient, LoopClient, unknown> = {
  name: 'Loop',
  functions: [{ name: 'Counter', result: CountCodec }, { name: 'Spin' }],
};

export const loopSchema: SchemaSpec = {
  name: 'looper',
  interfaces: { Loop },
  modules: { looper: { name: 'looper', implements: ['Loop'], imports: [] } },
};
