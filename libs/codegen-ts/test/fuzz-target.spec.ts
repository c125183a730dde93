/**
 * The generated TypeScript's fuzz target (docs/fuzzing.md): structure-aware
 * hostile messages from @karmem-ts/conformance through every root type's
 * viewer, decoder and validator. Oracle: nothing throws but a
 * KarmemLimitError; the decoder and the viewer's `toObject` agree; both read
 * what the schema-driven decoder (@karmem-ts/dynamic) reads (equal digests);
 * a message `validateX` calls sound decodes, encodes and decodes again to the
 * same value; no input takes longer than the budget.
 * A short soak by default; `npx nx run fuzz:run -- --reader ts --inputs N` for a long run.
 */
import {
  digestValue,
  fuzzSchemas,
  fuzzSettings,
  injectedFault,
  inputsFor,
  reportFinding,
  writeFuzzStats,
  type CanonicalValue,
  type FuzzInput,
  type FuzzSchema,
} from '@karmem-ts/conformance';
import { decodeJson } from '@karmem-ts/dynamic';
import { KarmemEncodeError, KarmemLimitError } from '@karmem-ts/runtime';
import { MODULES, api } from './modules';
import { toCanonical } from './values';

const SOAK_INPUTS = 6000;
/**
 * The decode budget every reader gets here: far below the default (8x the
 * message, at least 4 MiB; the limit vectors test that one), so that an
 * amplifying input meets it after a few thousand objects rather than a
 * million, and a long run stays fast. Every reader gets the same, so they
 * must stop at the same inputs.
 */
const FUZZ_BUDGET = 64 * 1024;
/** The out-of-budget bound for one input: generous, as the machine is shared; the limits keep real inputs far below it. */
const BUDGET_MS = 2000;

const schemas = fuzzSchemas().filter((s) => MODULES[s.layout.name] !== undefined);
const settings = fuzzSettings(SOAK_INPUTS);

type Outcome = { limit: string } | { value: Record<string, unknown> };

/** The slowest single reader call so far, in ms: the out-of-budget check. */
let slowestMs = 0;

function timed<T>(read: () => T): T {
  const t0 = performance.now();
  try {
    return read();
  } finally {
    const ms = performance.now() - t0;
    if (ms > slowestMs) slowestMs = ms;
  }
}

function outcome(read: () => Record<string, unknown>): Outcome {
  try {
    return { value: timed(read) };
  } catch (error) {
    if (error instanceof KarmemLimitError) return { limit: error.kind };
    throw error;
  }
}

/** One input through every entry point of the generated code; throws what the oracle finds. */
function checkInput(schema: FuzzSchema, input: FuzzInput): 'limited' | 'read' {
  const { layout } = schema;
  const generated = api(layout.name, input.type);
  const { view, validate, encode } = generated;
  const fault = injectedFault('ts', input);
  const decode: typeof generated.decode = (bytes, options) => {
    if (fault === 'throw') throw new TypeError('injected fault: the decoder threw');
    return generated.decode(bytes, options);
  };
  const digest = (o: Outcome | { value: CanonicalValue }, canonical = false) =>
    'limit' in o ? o.limit : digestValue(layout, input.type, canonical ? (o.value as CanonicalValue) : toCanonical(layout, input.type, o.value as Record<string, unknown>));
  const decoded = outcome(() => decode(input.bytes, { budget: FUZZ_BUDGET }));
  const viewed = outcome(() => view(input.bytes).toObject({ budget: FUZZ_BUDGET }));
  let host: Outcome;
  try {
    host = { value: timed(() => decodeJson(layout, input.type, input.bytes, { budget: FUZZ_BUDGET }) as Record<string, unknown>) };
  } catch (error) {
    if (!(error instanceof KarmemLimitError)) throw error;
    host = { limit: error.kind };
  }
  const problem = timed(() => validate(input.bytes));
  const expected = digest(decoded);
  expect(fault === 'digest' ? `${digest(viewed)} (injected fault)` : digest(viewed)).toBe(expected);
  expect(digest(host, true)).toBe(expected);
  if ('limit' in decoded) return 'limited';
  if (problem === undefined) {
    let again: Uint8Array;
    try {
      again = encode(decoded.value);
    } catch (error) {
      // A hostile `[<N]char` may read as more than N bytes of UTF-8 (invalid bytes read as U+FFFD): encoders refuse it.
      if (error instanceof KarmemEncodeError && /limit/.test(error.message)) return 'read';
      throw error;
    }
    expect(digest({ value: decode(again) })).toBe(expected);
  }
  return 'read';
}

describe('fuzz target: generated TypeScript', () => {
  it(`${settings.inputs} structure-aware inputs (seed ${settings.seed}) over ${schemas.length} schemas: no finding`, () => {
    let inputs = 0;
    let limited = 0;
    const started = performance.now();
    for (const schema of schemas) {
      for (const input of inputsFor(schema, schemas, settings)) {
        try {
          if (checkInput(schema, input) === 'limited') limited++;
        } catch (error) {
          throw reportFinding('ts', schema, schemas, settings, input, error);
        }
        inputs++;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    writeFuzzStats({ reader: 'ts', inputs, seconds, limited, slowestMs });
    expect(inputs).toBe(settings.inputs);
    // The generator makes amplifying inputs: some must meet the decode budget or depth.
    if (settings.inputs >= 1000) expect(limited).toBeGreaterThan(0);
    expect(slowestMs).toBeLessThan(BUDGET_MS);
  });
});
