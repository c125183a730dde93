import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, tempDir } from './run-cli';

const SCHEMA = 'karmem app;\nstruct A table { X int32; }\ninterface I { F(A) A; }\nmodule one implements I;\nmodule two implements I;\n';

/** A config that is valid, to break one key at a time. */
function valid(): Record<string, unknown> {
  return {
    schemas: ['app.km'],
    outputs: { ts: 'src/generated', as: 'assembly/generated' },
    guests: [
      { name: 'one', implementation: 'assembly/one.ts', runtime: 'minimal' },
      { name: 'two', implementation: 'assembly/two.ts' },
    ],
  };
}

function project(config: unknown): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'app.km'), SCHEMA);
  writeFileSync(join(dir, 'karmem.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}

type Edit = (config: Record<string, any>) => void;

/** Each validation rule: the edit that breaks it, and the one-line message. */
const RULES: [string, Edit | string, string][] = [
  ['not JSON', '{ "schemas": [', 'karmem.config.json: not valid JSON'],
  ['not an object', '[]', 'karmem.config.json: expected an object, not an array'],
  ['unknown root key', (c) => (c['output'] = {}), 'karmem.config.json: output: unknown key; expected one of $schema, schemas, outputs, guests, build'],
  ['$schema not a string', (c) => (c['$schema'] = 3), 'karmem.config.json: $schema: expected a string, not number 3'],
  ['schemas missing', (c) => delete c['schemas'], 'karmem.config.json: schemas: required'],
  ['schemas not an array', (c) => (c['schemas'] = 'app.km'), 'karmem.config.json: schemas: expected an array, not string "app.km"'],
  ['schemas empty', (c) => (c['schemas'] = []), 'karmem.config.json: schemas: expected at least one .km file'],
  ['schema not .km', (c) => (c['schemas'] = ['app.json']), 'karmem.config.json: schemas[0]: expected a .km file, not "app.json"'],
  ['schema absolute', (c) => (c['schemas'] = ['/abs/app.km']), 'karmem.config.json: schemas[0]: expected a path relative to the config file, not "/abs/app.km"'],
  ['schema twice', (c) => (c['schemas'] = ['app.km', './app.km']), 'karmem.config.json: schemas[1]: listed twice'],
  ['outputs missing', (c) => delete c['outputs'], 'karmem.config.json: outputs: required'],
  ['outputs unknown language', (c) => (c['outputs'].go = 'gen'), 'karmem.config.json: outputs.go: unknown language; expected one of ts, as, c, rust'],
  ['outputs empty', (c) => (c['outputs'] = {}), 'karmem.config.json: outputs: expected at least one of ts, as, c'],
  ['output not a string', (c) => (c['outputs'].ts = 1), 'karmem.config.json: outputs.ts: expected a string, not number 1'],
  ['guests not an array', (c) => (c['guests'] = {}), 'karmem.config.json: guests: expected an array, not an object'],
  ['guest not an object', (c) => (c['guests'][1] = 'two'), 'karmem.config.json: guests[1]: expected an object, not string "two"'],
  ['guest unknown key', (c) => (c['guests'][0].entry = 'x.ts'), 'karmem.config.json: guests[0].entry: unknown key; expected one of name, module, language, implementation, runtime, outDir, fuel'],
  ['guest name missing', (c) => delete c['guests'][1].name, 'karmem.config.json: guests[1].name: required'],
  ['guest name not a file name', (c) => (c['guests'][1].name = 'a/b'), 'karmem.config.json: guests[1].name: "a/b" is not a file name'],
  ['guest implementation missing', (c) => delete c['guests'][0].implementation, 'karmem.config.json: guests[0].implementation: required'],
  ['guest implementation not .ts', (c) => (c['guests'][0].implementation = 'one.as'), 'karmem.config.json: guests[0].implementation: expected a .ts file, not "one.as"'],
  ['guest runtime', (c) => (c['guests'][1].runtime = 'stub'), 'karmem.config.json: guests[1].runtime: expected one of minimal, incremental, not "stub"'],
  ['guest names clash', (c) => (c['guests'][1].name = 'one'), 'karmem.config.json: guests[1].name: used by another guest'],
  ['guest modules clash', (c) => (c['guests'][1].module = 'one'), 'karmem.config.json: guests[1].module: built by another guest too'],
  ['guests without outputs.as', (c) => delete c['outputs'].as, 'karmem.config.json: outputs.as: required by guests[0] (one, language as): its entry file is generated there'],
  ['guest language unknown', (c) => (c['guests'][1].language = 'go'), 'karmem.config.json: guests[1].language: expected one of as, c, rust, not "go"'],
  ['guest language not a string', (c) => (c['guests'][1].language = 1), 'karmem.config.json: guests[1].language: expected a string, not number 1'],
  ['C guest implementation not .c', (c) => Object.assign(c['guests'][1], { language: 'c', implementation: 'c/two.ts' }), 'karmem.config.json: guests[1].implementation: expected a .c file, not "c/two.ts" (language c: C)'],
  ['Rust guest implementation not .rs', (c) => Object.assign(c['guests'][1], { language: 'rust', implementation: 'two.c' }), 'karmem.config.json: guests[1].implementation: expected a .rs file, not "two.c" (language rust: Rust)'],
  ['C guest missing implementation names a .c example', (c) => Object.assign(c['guests'][1], { language: 'c', implementation: undefined }), 'karmem.config.json: guests[1].implementation: required: the C file implementing the module, e.g. "c/two.c"'],
  ['C guest without outputs.c', (c) => Object.assign(c['guests'][1], { language: 'c', implementation: 'c/two.c' }), 'karmem.config.json: outputs.c: required by guests[1] (two, language c): its C code and glue are generated there'],
  ['Rust guest without outputs.rust', (c) => Object.assign(c['guests'][0], { language: 'rust', implementation: 'one.rs', runtime: undefined }), 'karmem.config.json: outputs.rust: required by guests[0] (one, language rust): its Rust code and glue are generated there'],
  ['runtime on a C guest', (c) => Object.assign(c['guests'][0], { language: 'c', implementation: 'c/one.c' }), 'karmem.config.json: guests[0].runtime: only for AssemblyScript guests: a C guest brings its own allocator (the glue\'s)'],
  ['build unknown key', (c) => (c['build'] = { out: 'b' }), 'karmem.config.json: build.out: unknown key; expected one of outDir, optimize, shrink, ascFlags, fuel'],
  ['build.optimize range', (c) => (c['build'] = { optimize: 4 }), 'karmem.config.json: build.optimize: expected an integer from 0 to 3, not number 4'],
  ['build.shrink type', (c) => (c['build'] = { shrink: '1' }), 'karmem.config.json: build.shrink: expected an integer from 0 to 2, not string "1"'],
  ['build.fuel type', (c) => (c['build'] = { fuel: 'yes' }), 'karmem.config.json: build.fuel: expected true or false, not string "yes"'],
  ['guest fuel type', (c) => (c['guests'][1].fuel = 1), 'karmem.config.json: guests[1].fuel: expected true or false, not number 1'],
  ['build.ascFlags reserved', (c) => (c['build'] = { ascFlags: ['--noAssert', '--memoryBase=0'] }), 'karmem.config.json: build.ascFlags[1]: --memoryBase is set by karmem-ts build itself'],
  ['guest module not in the schemas', (c) => (c['guests'][1].module = 'three'), 'karmem.config.json: guests[1].module: no module "three" in the schemas (modules: one, two)'],
];

describe('karmem.config.json validation', () => {
  it.each(RULES)('%s', (_name, edit, message) => {
    let config: unknown = edit;
    if (typeof edit === 'function') {
      const c = valid();
      edit(c);
      config = c;
    }
    const dir = project(config);
    for (const command of [['generate'], ['build']]) {
      const run = runCli(command, { cwd: dir });
      expect(run.stderr).toContain(`error: ${message}`);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.code).toBe(1);
    }
  });

  it('accepts the valid config, and names the config as given with --config', () => {
    const dir = project(valid());
    expect(runCli(['generate'], { cwd: dir }).code).toBe(0);
    const c = valid();
    c['guests'] = 3;
    writeFileSync(join(dir, 'other.json'), JSON.stringify(c));
    const run = runCli(['generate', '--config', 'other.json'], { cwd: dir });
    expect(run.stderr).toBe('error: other.json: guests: expected an array, not number 3\n');
    expect(run.code).toBe(1);
  });

  it('a config that cannot be read is an I/O error (exit 3)', () => {
    const dir = tempDir();
    const run = runCli(['generate', '--config', 'missing.json'], { cwd: dir });
    expect(run.stderr).toBe('error: cannot read missing.json: ENOENT\n');
    expect(run.code).toBe(3);
  });

  it('the JSON Schema knows the keys the validator knows', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'apps/cli/karmem.config.schema.json'), 'utf8'));
    expect(Object.keys(schema.properties)).toEqual(['$schema', 'schemas', 'outputs', 'guests', 'build']);
    expect(Object.keys(schema.properties.outputs.properties)).toEqual(['ts', 'as', 'c', 'rust']);
    expect(Object.keys(schema.properties.guests.items.properties)).toEqual(['name', 'module', 'language', 'implementation', 'runtime', 'outDir', 'fuel']);
    expect(schema.properties.guests.items.properties.language.enum).toEqual(['as', 'c', 'rust']);
    expect(schema.properties.guests.items.properties.runtime.enum).toEqual(['minimal', 'incremental']);
    expect(Object.keys(schema.properties.build.properties)).toEqual(['outDir', 'optimize', 'shrink', 'ascFlags', 'fuel']);
    // The starter's config says where the schema is once karmem-ts is installed.
    const dir = tempDir();
    mkdirSync(join(dir, 'p'));
    expect(runCli(['init', 'p'], { cwd: dir }).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'p/karmem.config.json'), 'utf8')).$schema).toBe('./node_modules/karmem-ts/karmem.config.schema.json');
  });
});

describe('outputs that write the same file', () => {
  it('ts and as in one folder both write <package>.ts: refused naming the languages, nothing written', () => {
    const dir = project({ ...valid(), outputs: { ts: 'o', as: 'o' } });
    mkdirSync(join(dir, 'assembly'));
    for (const guest of ['one', 'two']) writeFileSync(join(dir, `assembly/${guest}.ts`), '');
    for (const command of [['generate'], ['build']]) {
      const run = runCli(command, { cwd: dir });
      expect(run.stderr).toBe('error: ts and as outputs both write o/app.ts: give the languages different folders\n');
      expect(run.code).toBe(1);
      expect(existsSync(join(dir, 'o'))).toBe(false);
    }
  });

  it('languages whose files have different names share a folder', () => {
    const dir = project({ schemas: ['app.km'], outputs: { ts: 'o', c: 'o', rust: 'o' } });
    const run = runCli(['generate'], { cwd: dir });
    expect(run.code).toBe(0);
    for (const file of ['app.ts', 'app.glue.ts', 'karmem_app.h', 'app.rs']) expect(existsSync(join(dir, 'o', file))).toBe(true);
  });

  it('two schemas of one package name: refused naming the schemas', () => {
    const dir = project({ schemas: ['app.km', 'again.km'], outputs: { ts: 'o' } });
    writeFileSync(join(dir, 'again.km'), 'karmem app;\nstruct B table { Y int32; }\n');
    const run = runCli(['generate'], { cwd: dir });
    expect(run.stderr).toBe('error: app.km and again.km both generate o/app.ts: give them different package names\n');
    expect(run.code).toBe(1);
  });
});
