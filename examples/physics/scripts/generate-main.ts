// Entry of `nx run example:generate` (bundled with esbuild): see generate.ts.
import { main } from './generate';

main();
