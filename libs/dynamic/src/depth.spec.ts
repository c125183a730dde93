import { allLimitCases } from '@karmem-ts/conformance';
import { decodeJson, DepthError, ValueError } from '@karmem-ts/dynamic';
import { loadSchema } from '@karmem-ts/layout';
import { checkEncodeDepth } from './depth';

const { suite } = allLimitCases().find((c) => c.testCase.id === 'tree/chain-64')!;
const layout = loadSchema(suite.schemaSource, suite.schemaFile).layout!;
const node = layout.structsByName.get('Node')!;

/** A Node chain of `levels` Nodes, built without recursion. */
function chain(levels: number): unknown {
  let value: unknown = { V: levels - 1, Kids: [] };
  for (let level = levels - 2; level >= 0; level--) value = { V: level, Kids: [{ N: value }] };
  return value;
}

describe('the depth limit of encoding', () => {
  it('accepts the deepest value decoders read whole (64 Nodes), as decoded from the vector', () => {
    const bytes = suite.cases.find((c) => c.name === 'chain-64')!.bytes;
    expect(decodeJson(layout, 'Node', bytes)).toEqual(chain(64));
    expect(() => checkEncodeDepth(layout, node, chain(64), 'Node')).not.toThrow();
  });

  it('refuses one level more, naming the path, as a ValueError the CLI reports', () => {
    const error = (() => {
      try {
        checkEncodeDepth(layout, node, chain(65), 'Node');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DepthError);
    expect(error).toBeInstanceOf(ValueError);
    expect((error as DepthError).path).toBe(`Node${'.Kids[0].N'.repeat(64)}.Kids`);
    expect((error as DepthError).message).toMatch(/nested deeper than 64 slices through which a struct reaches itself/);
  });

  it('walks a 10,000-deep value without overflowing the stack', () => {
    expect(() => checkEncodeDepth(layout, node, chain(10_000), 'Node')).toThrow(DepthError);
  });

  it('leaves values of the wrong shape to the type checks', () => {
    expect(() => checkEncodeDepth(layout, node, { V: 1, Kids: 'nope' }, 'Node')).not.toThrow();
    expect(() => checkEncodeDepth(layout, node, { V: 1, Kids: [null, 3, { N: 'x' }] }, 'Node')).not.toThrow();
  });
});
