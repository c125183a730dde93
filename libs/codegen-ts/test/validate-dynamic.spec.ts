/**
 * @karmem-ts/dynamic's validateMessage (the CLI's `decode` checks with it)
 * and every generated `validateX` report the same first problem, path,
 * offset and message, on hostile bytes: random ones, and mutations of the
 * conformance and decode-limit vectors.
 */
import fc from 'fast-check';
import { allLimitCases, loadSuites } from '@karmem-ts/conformance';
import { validateMessage } from '@karmem-ts/dynamic';
import { loadSchema } from '@karmem-ts/layout';
import { goldenSchemas } from './golden';
import { api } from './modules';

const layouts = new Map(goldenSchemas().map((schema) => [schema.name, schema.layout]));
const roots = [...layouts].flatMap(([schema, layout]) => layout.structs.map((s) => ({ schema, type: s.name })));
const samples = [
  ...loadSuites().flatMap((suite) => {
    const schema = loadSchema(suite.schemaSource, suite.schemaFile).layout!.name;
    return suite.cases.map((c) => ({ schema, type: c.type, bytes: c.bytes }));
  }),
  ...allLimitCases().map(({ suite, testCase }) => ({ schema: loadSchema(suite.schemaSource, suite.schemaFile).layout!.name, type: testCase.type, bytes: testCase.bytes })),
];

function agree(schema: string, type: string, bytes: Uint8Array): void {
  const generated = api(schema, type).validate(bytes);
  expect({ schema, type, problem: validateMessage(layouts.get(schema)!, type, bytes) }).toEqual({ schema, type, problem: generated });
}

describe('validateMessage agrees with generated validators', () => {
  it('on every vector as it is (sound or not)', () => {
    let problems = 0;
    for (const { schema, type, bytes } of samples) {
      agree(schema, type, bytes);
      if (validateMessage(layouts.get(schema)!, type, bytes) !== undefined) problems++;
    }
    // The reference's decode vectors include malformed messages, and the limit vectors are hostile.
    expect(problems).toBeGreaterThan(5);
  });

  it('on random bytes as every struct of every golden schema', () => {
    fc.assert(
      fc.property(fc.constantFrom(...roots), fc.uint8Array({ maxLength: 300 }), ({ schema, type }, bytes) => agree(schema, type, bytes)),
      { numRuns: 3000 },
    );
  });

  it('on mutated vectors', () => {
    const mutation = fc.tuple(fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat());
    fc.assert(
      fc.property(mutation, ([sample, edits, cut]) => {
        const bytes = sample.bytes.slice(0, sample.bytes.length - (cut % 4 === 0 ? cut % (sample.bytes.length + 1) : 0));
        for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
        agree(sample.schema, sample.type, bytes);
      }),
      { numRuns: 3000 },
    );
  });
});
