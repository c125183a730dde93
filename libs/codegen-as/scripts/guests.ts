/**
 * The guests this project builds from generated code, as sources: the
 * conformance guest of the bundled example and of every conformance schema,
 * and the example guest of docs/assemblyscript.md with the benchmark's
 * exports. Shared by `nx run codegen-as:build-guests` and the tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateAssemblyScript, generateConformanceGuest } from '@karmem-ts/codegen-as';
import { loadSuites, type ConformanceSuite } from '@karmem-ts/conformance';
import { loadSchema, type SchemaLayout } from '@karmem-ts/layout';

export interface Schema {
  /** The schema's package name: names the generated module. */
  readonly name: string;
  /** The schema file relative to the workspace root (printed in generated headers). */
  readonly source: string;
  readonly layout: SchemaLayout;
  /** The conformance suite, for conformance schemas. */
  readonly suite?: ConformanceSuite;
}

export interface GuestSources {
  /** Names the output files: `<name>.<runtime>.wasm`. */
  readonly name: string;
  /** Source files by path relative to the guest's folder. */
  readonly files: Record<string, string>;
  /** The entry, one of `files`. */
  readonly entry: string;
}

export function layoutOf(source: string, file: string): SchemaLayout {
  const loaded = loadSchema(source, file);
  if (!loaded.layout) throw new Error(`${file}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return loaded.layout;
}

/** The bundled example and every conformance schema. */
export function schemas(workspace: string): Schema[] {
  const game = 'examples/game/game.km';
  return [
    { name: 'game', source: game, layout: layoutOf(readFileSync(join(workspace, game), 'utf8'), game) },
    ...loadSuites(join(workspace, 'libs/conformance/vectors')).map((suite) => {
      const source = `libs/conformance/vectors/${suite.name}/schema.km`;
      const layout = layoutOf(suite.schemaSource, source);
      return { name: layout.name, source, layout, suite };
    }),
  ];
}

/** The generated module and the conformance guest of a schema. */
export function conformanceGuest(schema: Schema): GuestSources {
  const [module] = generateAssemblyScript(schema.layout, { source: schema.source });
  const guest = generateConformanceGuest(schema.layout, { source: schema.source });
  return { name: `${schema.name}-conformance`, files: { [module!.path]: module!.content, [guest.path]: guest.content }, entry: guest.path };
}

/** examples/monster-guest.ts and bench/game-sum.ts on the generated code of the bundled example. */
export function exampleGuest(workspace: string): GuestSources {
  const game = schemas(workspace)[0]!;
  const [module] = generateAssemblyScript(game.layout, { source: game.source });
  const project = join(workspace, 'libs/codegen-as');
  return {
    name: 'game-example',
    files: {
      'game.ts': module!.content,
      'monster-guest.ts': readFileSync(join(project, 'examples/monster-guest.ts'), 'utf8'),
      'game-sum.ts': readFileSync(join(project, 'bench/game-sum.ts'), 'utf8'),
    },
    entry: 'game-sum.ts',
  };
}
