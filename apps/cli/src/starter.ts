/**
 * The starter project `karmem-ts init` writes. The files are real files
 * under apps/cli/templates/starter (named `*.tpl` so that no tool takes them
 * for the CLI's own sources), embedded in the bundle as text.
 */
import appKm from '../templates/starter/app.km.tpl';
import adderTs from '../templates/starter/assembly/adder.ts.tpl';
import statsTs from '../templates/starter/assembly/stats.ts.tpl';
import assemblyTsconfig from '../templates/starter/assembly/tsconfig.json.tpl';
import configJson from '../templates/starter/karmem.config.json.tpl';
import hostTs from '../templates/starter/src/host.ts.tpl';
import tsconfig from '../templates/starter/tsconfig.json.tpl';
import { PACKAGE_RANGE } from './version';

/** Every starter file but package.json, by path in the project. */
export const STARTER_FILES: Readonly<Record<string, string>> = {
  'app.km': appKm,
  'karmem.config.json': configJson,
  'tsconfig.json': tsconfig,
  'src/host.ts': hostTs,
  'assembly/adder.ts': adderTs,
  'assembly/stats.ts': statsTs,
  'assembly/tsconfig.json': assemblyTsconfig,
};

/** What `npm start` runs: generate and build the guests (`karmem-ts build` does both), compile the host, run it in both memory modes. */
export const STARTER_SCRIPTS: Readonly<Record<string, string>> = {
  generate: 'karmem-ts generate',
  'build:guests': 'karmem-ts build',
  'build:host': 'tsc -p tsconfig.json',
  build: 'npm run build:guests && npm run build:host',
  start: 'npm run build && node dist/host.js copy && node dist/host.js shared',
};

export const STARTER_DEPENDENCIES: Readonly<Record<string, string>> = {
  '@karmem-ts/linker': PACKAGE_RANGE,
  '@karmem-ts/runtime': PACKAGE_RANGE,
  '@karmem-ts/runtime-as': PACKAGE_RANGE,
};

export const STARTER_DEV_DEPENDENCIES: Readonly<Record<string, string>> = {
  '@types/node': '^20.0.0',
  // asc's standard library typings for assembly/tsconfig.json (editors); the same version karmem-ts builds with.
  assemblyscript: '0.28.20',
  'karmem-ts': PACKAGE_RANGE,
  typescript: '5.9.3',
};
