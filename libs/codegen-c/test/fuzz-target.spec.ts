/**
 * The C guests' fuzz targets (docs/fuzzing.md): structure-aware hostile
 * messages of every conformance schema through the generated C, natively
 * under ASan + UBSan (`c-native`: the harness reads a batch of files in one
 * process) and in wasm32 (`c-wasm`). Oracle: no sanitizer report, no trap;
 * a decode either stops at a typed limit (KARMEM_ERR_BUDGET, _TOO_DEEP,
 * _ARENA_FULL; wasm32 then views the same and stops too) or succeeds, and
 * then the viewer digest, the decoded value's digest and the re-encoded
 * message's digest are equal, the re-encoding is no longer than needed and
 * reads back exactly; native and wasm32 agree on every digest and length;
 * no batch runs past the budget.
 * A short soak by default; `npx nx run fuzz:run -- --reader c --inputs N` for a long run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzSchemas, fuzzSettings, injectedFault, inputsFor, reportFinding, writeFuzzStats, type FuzzInput } from '@karmem-ts/conformance';
import { Guest, suites, type HarnessLine } from './harness';

const SOAK_INPUTS = 3000;
/** The C decoder's typed limits: arena full (the caller's arena), too deep, over the decode budget. */
const KARMEM_ERR_ARENA_FULL = -3;
const LIMITS = new Set([KARMEM_ERR_ARENA_FULL, -4, -6]);
const BATCH = 2000;
/** Per batch of the native harness (ASan is slow) and per wasm input. */
const BATCH_BUDGET_MS = 120_000;
const INPUT_BUDGET_MS = 2000;

const built = new Map(suites().map((s) => [s.suite.name, s]));
const all = fuzzSchemas().filter((s) => s.kind === 'conformance' && built.has(s.name));
const settings = fuzzSettings(SOAK_INPUTS);
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'karmem-c-fuzz-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('fuzz target: C guests, native (ASan + UBSan) and wasm32', () => {
  it(`${settings.inputs} structure-aware inputs (seed ${settings.seed}) over ${all.length} schemas: no finding`, () => {
    let inputs = 0;
    let limited = 0;
    let slowestWasmMs = 0;
    let slowestBatchMs = 0;
    let nativeMs = 0;
    let wasmMs = 0;
    for (const schema of all) {
      const suite = built.get(schema.name)!;
      const guest = new Guest(join(suite.dir, 'guest.wasm'));
      const pending: FuzzInput[] = [];
      const finding = (input: FuzzInput, what: string): never => {
        throw reportFinding('c', schema, all, settings, input, what);
      };
      const flush = () => {
        if (pending.length === 0) return;
        const args = pending.flatMap((input, i) => {
          const file = join(work, `${i}.bin`);
          writeFileSync(file, input.bytes);
          return [input.type, file];
        });
        const t0 = performance.now();
        const result = spawnSync(join(suite.dir, 'harness'), args, { encoding: 'utf8', maxBuffer: 1 << 30 });
        const ms = performance.now() - t0;
        nativeMs += ms;
        slowestBatchMs = Math.max(slowestBatchMs, ms);
        if (result.status !== 0 || result.stderr !== '') {
          // Replay one by one to name the input the sanitizer or the harness stopped at.
          for (const [i, input] of pending.entries()) {
            const one = spawnSync(join(suite.dir, 'harness'), [input.type, join(work, `${i}.bin`)], { encoding: 'utf8' });
            if (one.status !== 0 || one.stderr !== '') finding(input, `native harness: exit ${one.status}\n${one.stderr.slice(0, 4000)}`);
          }
          throw new Error(`native harness failed on a batch (exit ${result.status}) but on no single input:\n${result.stderr.slice(0, 4000)}`);
        }
        const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as HarnessLine);
        if (lines.length !== pending.length) throw new Error(`native harness answered ${lines.length} lines for ${pending.length} inputs`);
        for (const [i, input] of pending.entries()) {
          const line = lines[i]!;
          const limit = LIMITS.has(line.decode);
          if (limit) limited++;
          else if (line.decode !== 0 || line.decoded !== line.digest || line.output !== line.digest || !line.exact || !line.smaller) {
            finding(input, `native: ${JSON.stringify({ ...line, bytes: undefined })}`);
          }
          const w0 = performance.now();
          let got;
          const fault = injectedFault('c', input);
          try {
            if (fault === 'throw') throw new WebAssembly.RuntimeError('injected fault: the guest trapped');
            guest.write(input.bytes);
            got = {
              digest: (guest.digest(input.type, guest.input, input.bytes.length) ^ (fault === 'digest' ? 1n : 0n)).toString(),
              decoded: guest.digestDecoded(input.type, input.bytes.length).toString(),
              length: guest.roundtrip(input.type, input.bytes.length),
            };
          } catch (error) {
            finding(input, `wasm32: ${String(error)}`);
          }
          const wms = performance.now() - w0;
          wasmMs += wms;
          slowestWasmMs = Math.max(slowestWasmMs, wms);
          if (limit) {
            // Stopped at a limit natively: wasm32 views the same and stops at a limit too (a 1 MiB
            // arena holds more values with 4-byte pointers, so where native filled it wasm32 may finish).
            const stopped = LIMITS.has(got!.length) || (line.decode === KARMEM_ERR_ARENA_FULL && got!.length >= 0);
            if (got!.digest !== line.digest || !stopped) finding(input, `wasm32 ${JSON.stringify(got)} where native stopped at ${line.decode} (view digest ${line.digest})`);
          } else {
            const want = { digest: line.digest, decoded: line.decoded, length: line.length };
            if (JSON.stringify(got) !== JSON.stringify(want)) finding(input, `wasm32 ${JSON.stringify(got)} != native ${JSON.stringify(want)}`);
          }
          inputs++;
        }
        pending.length = 0;
      };
      for (const input of inputsFor(schema, all, settings)) {
        pending.push(input);
        if (pending.length === BATCH) flush();
      }
      flush();
    }
    writeFuzzStats({ reader: 'c-native', inputs, seconds: nativeMs / 1000, limited, slowestMs: slowestBatchMs });
    writeFuzzStats({ reader: 'c-wasm', inputs, seconds: wasmMs / 1000, limited, slowestMs: slowestWasmMs });
    expect(inputs).toBe(settings.inputs);
    expect(slowestBatchMs).toBeLessThan(BATCH_BUDGET_MS);
    expect(slowestWasmMs).toBeLessThan(INPUT_BUDGET_MS);
  });
});
