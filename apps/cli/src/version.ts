/**
 * The CLI's version: the karmem-ts package's, read from apps/cli/package.json
 * when the bundle is built, so that `nx release version` moves it, and the
 * ranges `init` writes for the packages it installs along.
 */
import manifest from '../package.json';

export const VERSION: string = manifest.version;

/** The range a starter project depends on the @karmem-ts packages with. */
export const PACKAGE_RANGE = `^${VERSION}`;
