/**
 * @karmem-ts/dynamic's fuzz target (docs/fuzzing.md): structure-aware
 * hostile messages of every conformance and limits schema through
 * `decodeJson` (what the CLI's `decode` runs). Oracle: nothing throws but a
 * KarmemLimitError; what it reads, `encodeJson` writes again (or refuses with
 * a ValueError naming the limit), and that decodes to the same value; no
 * call takes longer than the budget.
 * A short soak by default; `npx nx run fuzz:run -- --reader dynamic --inputs N` for a long run.
 */
import { fuzzSchemas, fuzzSettings, injectedFault, inputsFor, reportFinding, writeFuzzStats, type FuzzInput, type FuzzSchema } from '@karmem-ts/conformance';
import { KarmemLimitError } from '@karmem-ts/runtime';
import { decodeJson } from './decode';
import { encodeJson } from './encode';
import { ValueError } from './errors';

const SOAK_INPUTS = 6000;
/** Far below the default budget, so amplifying inputs stay cheap (the limit vectors test the default). */
const FUZZ_BUDGET = 64 * 1024;
const BUDGET_MS = 2000;

const schemas = fuzzSchemas();
const settings = fuzzSettings(SOAK_INPUTS);
let slowestMs = 0;

function timed<T>(read: () => T): T {
  const t0 = performance.now();
  try {
    return read();
  } finally {
    slowestMs = Math.max(slowestMs, performance.now() - t0);
  }
}

function checkInput(schema: FuzzSchema, input: FuzzInput): 'limited' | 'read' {
  const { layout } = schema;
  const fault = injectedFault('dynamic', input);
  let value;
  try {
    value = timed(() => {
      if (fault === 'throw') throw new TypeError('injected fault: the decoder threw');
      return decodeJson(layout, input.type, input.bytes, { budget: FUZZ_BUDGET });
    });
  } catch (error) {
    if (error instanceof KarmemLimitError) return 'limited';
    throw error;
  }
  let again: Uint8Array;
  try {
    again = timed(() => encodeJson(layout, input.type, value));
  } catch (error) {
    // A hostile `[<N]char` may read as more than N bytes of UTF-8 (invalid bytes read as U+FFFD): encoders refuse it.
    if (error instanceof ValueError && /the limit is/.test(error.message)) return 'read';
    throw error;
  }
  // What the message expanded to (shared offsets) is written out in full: give the second decode room for it.
  const read = JSON.stringify(decodeJson(layout, input.type, again, { budget: FUZZ_BUDGET + again.length * 8 }));
  expect(fault === 'digest' ? `${read} (injected fault)` : read).toBe(JSON.stringify(value));
  return 'read';
}

describe('fuzz target: @karmem-ts/dynamic', () => {
  it(`${settings.inputs} structure-aware inputs (seed ${settings.seed}) over ${schemas.length} schemas: no finding`, () => {
    let inputs = 0;
    let limited = 0;
    const started = performance.now();
    for (const schema of schemas) {
      for (const input of inputsFor(schema, schemas, settings)) {
        try {
          if (checkInput(schema, input) === 'limited') limited++;
        } catch (error) {
          throw reportFinding('dynamic', schema, schemas, settings, input, error);
        }
        inputs++;
      }
    }
    writeFuzzStats({ reader: 'dynamic', inputs, seconds: (performance.now() - started) / 1000, limited, slowestMs });
    expect(inputs).toBe(settings.inputs);
    // The generator makes amplifying inputs: some must meet the decode budget or depth.
    if (settings.inputs >= 1000) expect(limited).toBeGreaterThan(0);
    expect(slowestMs).toBeLessThan(BUDGET_MS);
  });
});
