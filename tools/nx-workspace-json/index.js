// @ts-check
/**
 * Local Nx plugin: builds the project graph from `workspace.json`.
 *
 * Nx stopped reading workspace.json in 15.7; this project keeps it as the one
 * registry of projects (the owner's design card). Projects have no project.json,
 * so Nx's own inference does not see them, and neither does `@nx/jest/plugin`,
 * which only infers targets beside a project.json or package.json. This plugin
 * therefore also infers the two targets every TypeScript project shares:
 *
 *   test       jest, when `<root>/jest.config.cjs` exists (UPDATE_GOLDEN is an input)
 *   typecheck  tsc --noEmit, when `<root>/tsconfig.json` exists
 *
 * Targets written in workspace.json win over inferred ones.
 */
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const WORKSPACE_FILE = 'workspace.json';

/**
 * @param {string} workspaceRoot @param {string} root
 * @param {Map<string, string>} projectOfPackage npm package name -> project name
 */
function inferredTargets(workspaceRoot, root, projectOfPackage) {
  /** @type {Record<string, import('@nx/devkit').TargetConfiguration>} */
  const targets = {};
  if (existsSync(join(workspaceRoot, root, 'jest.config.cjs'))) {
    targets.test = {
      command: 'jest --config jest.config.cjs',
      options: { cwd: root },
      cache: true,
      // UPDATE_GOLDEN=1 makes golden-file tests rewrite their goldens: as an
      // input, it makes Nx run the tests instead of replaying the cache.
      inputs: ['default', '^production', { env: 'UPDATE_GOLDEN' }, { externalDependencies: ['jest', 'ts-jest'] }],
      outputs: [],
      metadata: { technologies: ['jest'], description: 'Run Jest tests (UPDATE_GOLDEN=1 rewrites golden files)' },
    };
  }
  if (existsSync(join(workspaceRoot, root, 'tsconfig.json'))) {
    targets.typecheck = {
      command: 'tsc -p tsconfig.json --noEmit',
      options: { cwd: root },
      cache: true,
      inputs: ['default', '^production', { externalDependencies: ['typescript'] }],
      outputs: [],
      metadata: { technologies: ['typescript'], description: 'Type-check without emitting' },
    };
  }
  if (existsSync(join(workspaceRoot, root, 'package.json'))) {
    // An npm package: built into {projectRoot}/dist (tools/packages/build.mjs),
    // packed and published from {projectRoot} by `nx release` (docs/packages.md).
    // Built after the packages its package.json depends on, not after every
    // project it imports: tests import libs/conformance, which imports layout,
    // so `^build` would make idl wait for layout and layout for idl.
    const manifest = JSON.parse(readFileSync(join(workspaceRoot, root, 'package.json'), 'utf8'));
    const dependencies = Object.keys(manifest.dependencies ?? {})
      .map((name) => projectOfPackage.get(name))
      .filter((project) => project !== undefined);
    targets.build = {
      command: `node tools/packages/build.mjs ${root}`,
      dependsOn: dependencies.length > 0 ? [{ target: 'build', projects: dependencies }] : [],
      cache: true,
      inputs: ['production', '^production', '{workspaceRoot}/tools/packages/**/*', '{workspaceRoot}/LICENSE', { externalDependencies: ['esbuild', 'typescript'] }],
      outputs: ['{projectRoot}/dist', '{projectRoot}/LICENSE'],
      metadata: { description: 'Build the npm package: ES modules, CommonJS and declarations in dist/' },
    };
    targets['nx-release-publish'] = {
      executor: '@nx/js:release-publish',
      dependsOn: ['build'],
      options: { packageRoot: '{projectRoot}' },
    };
  }
  return targets;
}

/**
 * The npm package name of a project with a package.json: `nx release` matches
 * it against its dependents' package.json to keep their ranges in step.
 * @param {string} workspaceRoot @param {string} root
 */
function packageMetadata(workspaceRoot, root) {
  const file = join(workspaceRoot, root, 'package.json');
  if (!existsSync(file)) return {};
  const { name } = JSON.parse(readFileSync(file, 'utf8'));
  return { metadata: { js: { packageName: name } } };
}

/** @type {import('@nx/devkit').CreateNodesV2} */
const createNodesV2 = [
  WORKSPACE_FILE,
  (configFiles, _options, context) =>
    configFiles.map((file) => {
      const registry = JSON.parse(readFileSync(join(context.workspaceRoot, file), 'utf8'));
      /** @type {Record<string, import('@nx/devkit').ProjectConfiguration>} */
      const projects = {};
      /** @type {Map<string, string>} */
      const projectOfPackage = new Map();
      for (const [name, config] of Object.entries(registry.projects ?? {})) {
        const packageName = packageMetadata(context.workspaceRoot, config.root ?? '').metadata?.js.packageName;
        if (packageName) projectOfPackage.set(packageName, name);
      }
      for (const [name, config] of Object.entries(registry.projects ?? {})) {
        const root = config.root;
        if (typeof root !== 'string') {
          throw new Error(`${file}: project "${name}" has no "root"`);
        }
        projects[root] = {
          ...config,
          name,
          root,
          targets: { ...inferredTargets(context.workspaceRoot, root, projectOfPackage), ...(config.targets ?? {}) },
          ...packageMetadata(context.workspaceRoot, root),
        };
      }
      return /** @type {const} */ ([file, { projects }]);
    }),
];

module.exports = { createNodesV2 };
