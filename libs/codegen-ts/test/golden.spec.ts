import { generateTypeScript } from '@karmem-ts/codegen-ts';
import { expectGolden, goldenSchemas } from './golden';

describe('generated TypeScript', () => {
  it.each(goldenSchemas().map((s) => [s.source, s] as const))('matches the golden file for %s', (_source, schema) => {
    const [output] = generateTypeScript(schema.layout, { source: schema.source });
    expect(output!.path).toBe(`${schema.name}.ts`);
    expectGolden(output!.path, output!.content);
  });

  it('is deterministic', () => {
    const [schema] = goldenSchemas();
    expect(generateTypeScript(schema!.layout, { source: 'x.km' })).toEqual(generateTypeScript(schema!.layout, { source: 'x.km' }));
  });
});
