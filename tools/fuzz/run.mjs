#!/usr/bin/env node
// The long fuzz run (docs/fuzzing.md): every reader's fuzz target with
// `--inputs N` structure-aware inputs from `--seed S`, then one line per
// reader with inputs per second and findings. The targets are the same Jest
// specs the short soak runs in `npm test`; this sets their input count and
// seed. A finding is saved in --out as finding-*.bin and finding-*.json;
// `--replay finding-*.json` runs its reader on that one input again.
//
//   node tools/fuzz/run.mjs [--reader ts,dynamic,as,c,rust,go|all] [--inputs N] [--seed S] [--out DIR]
//   node tools/fuzz/run.mjs --replay DIR/finding-....json
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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
  rust: { project: 'libs/codegen-rust', spec: 'test/fuzz-target.spec.ts', readers: ['rust'] },
  go: { project: 'libs/codegen-go', spec: 'test/fuzz-target.spec.ts', readers: ['go'] },
};

function usage(message) {
  if (message) process.stderr.write(`error: ${message}\n`);
  process.stderr.write('usage: node tools/fuzz/run.mjs [--reader ts,dynamic,as,c,rust,go|all] [--inputs N] [--seed S] [--out DIR]\n');
  process.stderr.write('       node tools/fuzz/run.mjs --replay DIR/finding-....json\n');
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
      replay: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  usage(error.message);
}
if (values.help) usage();
/** The group that holds a reader (`as-stub` is in `as`, `c-native` in `c`). */
const groupOf = (reader) => Object.keys(TARGETS).find((g) => g === reader || TARGETS[g].readers.includes(reader));
let replay;
if (values.replay !== undefined) {
  const file = resolve(values.replay);
  try {
    replay = { file, ...JSON.parse(readFileSync(file, 'utf8')) };
  } catch (error) {
    process.stderr.write(`error: cannot read the finding ${file}: ${error.message}\n`);
    process.exit(3);
  }
  if (!groupOf(replay.reader)) usage(`${file} names an unknown reader ${JSON.stringify(replay.reader)}`);
}
const groups = replay ? [groupOf(replay.reader)] : values.reader === 'all' ? Object.keys(TARGETS) : values.reader.split(',').map((s) => s.trim());
for (const g of groups) if (!TARGETS[g]) usage(`unknown reader ${JSON.stringify(g)}; one of ${Object.keys(TARGETS).join(', ')}, all`);
if (!/^\d+$/.test(values.inputs)) usage(`--inputs must be a count, not ${JSON.stringify(values.inputs)}`);
if (!/^-?\d+$/.test(values.seed)) usage(`--seed must be an integer, not ${JSON.stringify(values.seed)}`);

// A replay finds again next to the finding (and writes no stats).
const out = replay ? dirname(replay.file) : resolve(values.out);
/** finding-*.json files and their times: a finding of this run is a file new or rewritten since. */
const findingFiles = () =>
  existsSync(out) ? new Map(readdirSync(out).filter((f) => /^finding-.*\.json$/.test(f)).map((f) => [f, statSync(join(out, f)).mtimeMs])) : new Map();
const before = findingFiles();

let failed = false;
for (const g of groups) {
  const { project, spec, readers } = TARGETS[g];
  if (!replay) for (const r of readers) rmSync(join(out, `${r}.json`), { force: true });
  process.stderr.write(
    replay ? `fuzz: ${g}: replaying ${replay.file}\n` : `fuzz: ${g}: ${values.inputs} inputs, seed ${values.seed} (${project}/${spec})\n`,
  );
  const run = spawnSync(join(ROOT, 'node_modules/.bin/jest'), ['--config', 'jest.config.cjs', '--runInBand', '--testTimeout=86400000', spec], {
    cwd: join(ROOT, project),
    stdio: 'inherit',
    env: {
      ...process.env,
      KARMEM_FUZZ_INPUTS: values.inputs,
      KARMEM_FUZZ_SEED: values.seed,
      KARMEM_FUZZ_STATS_DIR: out,
      ...(replay ? { KARMEM_FUZZ_REPLAY: replay.file } : {}),
    },
  });
  if (run.status !== 0) failed = true;
}

// The findings of this run: a target stops at its first one.
const findings = [...findingFiles()]
  .filter(([f, time]) => before.get(f) !== time)
  .map(([f]) => ({ file: join(out, f), ...JSON.parse(readFileSync(join(out, f), 'utf8')) }));
const readers = groups.flatMap((g) => TARGETS[g].readers);
process.stdout.write('| reader | inputs | seconds | inputs/s | stopped at a limit | slowest (ms) | findings |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n');
for (const r of readers) {
  const found = findings.filter((f) => f.reader === r || (f.reader === 'c' && r.startsWith('c-'))).length;
  const statsFile = join(out, `${r}.json`);
  if (replay || !existsSync(statsFile)) {
    process.stdout.write(`| ${r} | ${replay ? 1 : '-'} | - | - | - | - | ${found} |\n`);
    continue;
  }
  const s = JSON.parse(readFileSync(statsFile, 'utf8'));
  process.stdout.write(`| ${s.reader} | ${s.inputs} | ${s.seconds.toFixed(1)} | ${Math.round(s.inputs / s.seconds)} | ${s.limited} | ${s.slowestMs.toFixed(1)} | ${found} |\n`);
}
for (const f of findings) {
  process.stdout.write(`finding: ${f.reader} ${f.schema}.${f.type} input ${f.index} of seed ${f.seed} (${f.mutation}): ${join(out, f.bin)}\n`);
  process.stdout.write(`  replay: node tools/fuzz/run.mjs --replay ${f.file}\n`);
}
if (failed && findings.length === 0) process.stderr.write('fuzz: a target failed without a finding (see its output above)\n');
process.exit(failed ? 1 : 0);
