// The host workload's decode cases must do the work their label says: make
// the whole object. Each keeps what it decoded (workloads/host.ts, `keep`),
// so that no engine can drop the object's allocation when the timed loop
// reads one field of it; a case that forgot would fail here.
import { hostCases, lastDecoded } from '../src/workloads/host';

describe('host decode cases', () => {
  it('each keeps a new object per call, the one whose id it returned', async () => {
    const decodes = hostCases().filter((c) => c.phase === 'decode');
    expect(decodes.map((c) => c.impl).sort()).toEqual(['flatbuffers', 'floor', 'floor-field', 'json', 'karmem', 'karmem-bytes', 'msgpackr', 'protobuf-es', 'protobufjs']);
    for (const c of decodes) {
      const prepared = await c.setup();
      const id = prepared.run();
      const first = lastDecoded() as { id?: number; Id?: number };
      expect({ impl: c.impl, id: first.id ?? first.Id }).toEqual({ impl: c.impl, id });
      prepared.run();
      expect({ impl: c.impl, fresh: lastDecoded() !== first }).toEqual({ impl: c.impl, fresh: true });
    }
  });
});
