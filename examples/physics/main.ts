// Entry of `nx run example:run` (bundled with esbuild): see run.ts.
import { main } from './run';

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
