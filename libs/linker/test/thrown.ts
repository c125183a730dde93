/** What `run` threw (the test fails when it returns instead). Typed as an Error: what the linker throws. */
export function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
