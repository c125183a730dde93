import type { SchemaLayout, StructLayout } from '@karmem-ts/layout';
import { closestName } from '@karmem-ts/idl';

/** A JSON value that does not fit the schema type, with the path to it: `MonsterData.Path[3].X`. */
export class ValueError extends Error {
  override readonly name: string = 'ValueError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/**
 * The root type asked for is not a struct of the schema: a mistake of the
 * caller (the CLI's usage error), not of the value or the bytes.
 */
export class UnknownTypeError extends ValueError {
  override readonly name: string = 'UnknownTypeError';
  constructor(
    readonly type: string,
    readonly schema: string,
    /** The closest struct name, when one is near enough to be a typo. */
    readonly suggestion: string | undefined,
  ) {
    super(type, `no struct named ${type} in schema ${schema}${suggestion ? `; did you mean ${suggestion}?` : ''}`);
  }
}

/** The root struct named `type`, or an UnknownTypeError with a "did you mean". */
export function rootStruct(layout: SchemaLayout, type: string): StructLayout {
  const struct = layout.structsByName.get(type);
  if (!struct) throw new UnknownTypeError(type, layout.name, closestName(type, layout.structsByName.keys()));
  return struct;
}
