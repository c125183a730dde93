#!/usr/bin/env node
// The long fuzz run (docs/fuzzing.md): every reader's fuzz target with
// `--inputs N` structure-aware inputs from `--seed S`, then one line per
// reader with inputs per second. The targets are the same Jest specs the
// short soak runs in `npm test`; this sets their input count and seed.
//
//   node tools/fuzz/run.mjs [--reader ts,dynamic,as,c|all] [--inputs N] [--seed S] [--out DIR]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Each reader group: the project whose spec drives it, and the stats files it writes. */
const TARGETS = {
  ts: { project: 'libs/codegen-ts', spec: 'test/fuzz-target.spec.ts', readers: ['ts'] },
  dynamic: { project: 'libs/dynamic', spec: 'src/fuzz-target.spec.ts', readers: ['dynamic'] },
  as: { project: 'libs/codegen-as', spec: 'test/fuzz-target.spec.ts', readers: ['as-stub', 'as-incremental'] },
  c: { project: 'libs/codegen-c', spec: 'test/fuzz-target.spec.ts', readers: ['c-native', 'c-wasm'] },
};

function usage(message) {
  if (message) process.stderr.write(`error: ${message}\n`);
  process.stderr.write('usage: node tools/fuzz/run.mjs [--reader ts,dynamic,as,c|all] [--inputs N] [--seed S] [--out DIR]\n');
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      reader: { type: 'string', default: 'all' },
      inputs: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: join(ROOT, 'dist/fuzz') },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  usage(error.message);
}
if (values.help) usage();
const groups = values.reader === 'all' ? Object.keys(TARGETS) : values.reader.split(',').map((s) => s.trim());
for (const g of groups) if (!TARGETS[g]) usage(`unknown reader ${JSON.stringify(g)}; one of ${Object.keys(TARGETS).join(', ')}, all`);
if (!/^\d+$/.test(values.inputs)) usage(`--inputs must be a count, not ${JSON.stringify(values.inputs)}`);
if (!/^-?\d+$/.test(values.seed)) usage(`--seed must be an integer, not ${JSON.stringify(values.seed)}`);
const out = resolve(values.out);

let failed = false;
for (const g of groups) {
  const { project, spec, readers } = TARGETS[g];
  for (const r of readers) rmSync(join(out, `${r}.json`), { force: true });
  process.stderr.write(`fuzz: ${g}: ${values.inputs} inputs, seed ${values.seed} (${project}/${spec})\n`);
  const run = spawnSync(join(ROOT, 'node_modules/.bin/jest'), ['--config', 'jest.config.cjs', '--runInBand', '--testTimeout=86400000', spec], {
    cwd: join(ROOT, project),
    stdio: 'inherit',
    env: { ...process.env, KARMEM_FUZZ_INPUTS: values.inputs, KARMEM_FUZZ_SEED: values.seed, KARMEM_FUZZ_STATS_DIR: out },
  });
  if (run.status !== 0) failed = true;
}

const rows = Object.values(TARGETS)
  .flatMap((t) => t.readers)
  .map((r) => join(out, `${r}.json`))
  .filter((f) => existsSync(f))
  .map((f) => JSON.parse(readFileSync(f, 'utf8')));
process.stdout.write('| reader | inputs | seconds | inputs/s | stopped at a limit | slowest (ms) |\n| --- | ---: | ---: | ---: | ---: | ---: |\n');
for (const s of rows) {
  process.stdout.write(`| ${s.reader} | ${s.inputs} | ${s.seconds.toFixed(1)} | ${Math.round(s.inputs / s.seconds)} | ${s.limited} | ${s.slowestMs.toFixed(1)} |\n`);
}
if (failed) process.stderr.write(`fuzz: a target found something or failed; findings are saved in ${out}\n`);
process.exit(failed ? 1 : 0);
