/** The golden modules, loaded as the code a user would import, keyed by schema name. */
import * as enums from './golden/enums';
import * as fanout from './golden/fanout';
import * as game from './golden/game';
import * as limits from './golden/limits';
import * as profile from './golden/profile';
import * as scalars from './golden/scalars';
import * as scene from './golden/scene';
import * as series from './golden/series';
import * as tables from './golden/tables';
import * as textlimits from './golden/textlimits';
import * as tree from './golden/tree';

type Module = Record<string, unknown>;

export const MODULES: Record<string, Module> = { enums, fanout, game, limits, profile, scalars, scene, series, tables, textlimits, tree };

/** encode / decode / view / validate for one root type, looked up by name. */
export function api(schema: string, type: string) {
  const m = MODULES[schema]!;
  return {
    encode: m[`encode${type}`] as (value: unknown, writer?: unknown) => Uint8Array,
    decode: m[`decode${type}`] as (bytes: Uint8Array, options?: { budget?: number }) => Record<string, unknown>,
    view: m[`view${type}`] as (bytes: Uint8Array) => { toObject(options?: { budget?: number }): Record<string, unknown> },
    validate: m[`validate${type}`] as (bytes: Uint8Array, limits?: unknown) => { path: string; message: string } | undefined,
  };
}
