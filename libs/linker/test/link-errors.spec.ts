// Link-time checks: every problem is a LinkError naming the module, the
// function (when there is one) and what is wrong.
import { LinkError, type SchemaSpec, link } from '@karmem-ts/linker';
import { inWorker as workerRunner } from '@karmem-ts/linker/worker';
import { guestBytes } from './harness';
import { Sink, Test, schema } from './spec';

async function linkError(promise: Promise<unknown>): Promise<LinkError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LinkError);
    return error as LinkError;
  }
  throw new Error('expected a LinkError');
}

describe('link-time checks', () => {
  it('reports every missing and mistyped export and import of a guest, each with module and function', async () => {
    const error = await linkError(link({ schema, modules: { bad: guestBytes('bad'), beta: guestBytes('beta') } }));
    const problems = error.problems.map((p) => [p.module, p.function, p.problem]);
    expect(problems).toEqual(
      expect.arrayContaining([
        ['bad', 'Test.Echo', 'export "Test_Echo" has type (i32)->i32, expected (i32,i32)->i32'],
        ['bad', 'Test.Sum', 'missing export "Test_Sum" (implements Test)'],
        ['bad', 'Test.Recurse', 'missing export "Test_Recurse" (implements Test)'],
        ['bad', 'Sink.Nope', 'imports Nope, which interface Sink does not declare'],
        ['bad', undefined, 'imports elsewhere.thing (a function), which neither the karmem ABI nor options.imports provides'],
      ]),
    );
    // The first problem is the message and the fields.
    expect(error.module).toBe('bad');
    expect(error.function).toBe('Test.Echo');
    expect(error.message).toContain('module "bad", Test.Echo: export "Test_Echo" has type (i32)->i32, expected (i32,i32)->i32');
  });

  it('accepts an unknown import that options.imports provides', async () => {
    const error = await linkError(
      link({ schema, modules: { bad: guestBytes('bad'), beta: guestBytes('beta') }, imports: { elsewhere: { thing: () => {} } } }),
    );
    expect(error.problems.some((p) => p.problem.includes('elsewhere.thing'))).toBe(false);
  });

  it('refuses a module the schema does not declare', async () => {
    const error = await linkError(link({ schema, modules: { gamma: guestBytes('beta') } }));
    expect(error.module).toBe('gamma');
    expect(error.problem).toBe('not a module of schema "linkertest" (its modules: alpha, beta, bad, old, stress1, stress2, stress3)');
  });

  it('refuses bytes that are not WebAssembly', async () => {
    const error = await linkError(link({ schema, modules: { beta: new Uint8Array([1, 2, 3]) } }));
    expect(error.module).toBe('beta');
    expect(error.problem).toMatch(/^not a valid WebAssembly module/);
  });

  it('needs a provider for every interface a guest imports', async () => {
    const error = await linkError(link({ schema, modules: { alpha: guestBytes('alpha') } }));
    expect(error.module).toBe('alpha');
    expect(error.problem).toBe('nobody provides Sink: link a module that implements it, or pass options.host.Sink');
  });

  it('checks that a host implementation has every function the guest imports', async () => {
    const error = await linkError(link({ schema, modules: { alpha: guestBytes('alpha') }, host: { Sink: { Take: () => ({}) } } }));
    // One problem per missing function, in the order of the guest's import section.
    expect(error.problems).toHaveLength(2);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        { module: 'alpha', function: 'Sink.Trap', problem: 'imported from the host, whose implementation of Sink has no function Trap' },
        { module: 'alpha', function: 'Sink.Peek', problem: 'imported from the host, whose implementation of Sink has no function Peek' },
      ]),
    );
  });

  it('checks `imports I from m`: m must be linked and implement I', async () => {
    const pinned: SchemaSpec = { ...schema, modules: { ...schema.modules, alpha: { name: 'alpha', implements: ['Test'], imports: [{ interface: 'Sink', from: 'beta' }] } } };
    let error = await linkError(link({ schema: pinned, modules: { alpha: guestBytes('alpha') }, host: { Sink: { Take: () => ({}), Trap: () => {}, Peek: () => ({}) } } }));
    expect(error.problem).toBe('imports Sink from module "beta", which is not linked (no wasm given for it)');
    // `old` implements nothing (its wasm may export more than its contract: extra exports are fine).
    error = await linkError(link({ schema, modules: { alpha: guestBytes('alpha'), old: guestBytes('beta') }, bind: { alpha: { Sink: 'old' } } }));
    expect([error.module, error.problem]).toEqual(['alpha', 'imports Sink from module "old", which does not implement Sink']);
  });

  it("lets `bind: 'host'` stand a host implementation in for the module of `imports I from m` (a pool, a remote module)", async () => {
    const pinned: SchemaSpec = { ...schema, modules: { ...schema.modules, alpha: { name: 'alpha', implements: ['Test'], imports: [{ interface: 'Sink', from: 'beta' }] } } };
    const sink = { Take: () => ({}), Trap: () => {}, Peek: () => ({}) };
    const linked = await link({ schema: pinned, modules: { alpha: guestBytes('alpha') }, host: { Sink: sink }, bind: { alpha: { Sink: 'host' } } });
    await linked.close();
    // Without an implementation to stand in, `bind: 'host'` is refused as for any import.
    const error = await linkError(link({ schema: pinned, modules: { alpha: guestBytes('alpha') }, bind: { alpha: { Sink: 'host' } } }));
    expect([error.module, error.problem]).toEqual(['alpha', 'imports Sink from the host, but options.host has no Sink']);
  });

  it('refuses a guest that speaks another ABI version', async () => {
    const error = await linkError(link({ schema, modules: { old: guestBytes('oldAbi') } }));
    expect([error.module, error.problem]).toEqual(['old', 'speaks karmem ABI version 99; this linker speaks 1']);
  });

  it('shared memory: refuses a guest that owns its memory', async () => {
    const error = await linkError(link({ schema, memory: 'shared', modules: { alpha: guestBytes('alpha'), beta: guestBytes('betaOwn') } }));
    expect([error.module, error.problem]).toEqual([
      'beta',
      'shared memory needs a guest that imports its memory: build it with --importMemory --memoryBase N and the host-arena allocator',
    ]);
  });

  it('shared memory: refuses guests whose static data overlap, naming both', async () => {
    const error = await linkError(
      link({ schema, memory: 'shared', modules: { alpha: guestBytes('alpha'), beta: guestBytes('alphaClash') }, bind: { alpha: { Sink: 'beta' } } }),
    );
    expect(error.module).toBe('beta');
    expect(error.problem).toMatch(/^its static data \[66560, \d+\) overlaps module "alpha" \[65536, \d+\): build them with --memoryBase values at least \d+ bytes apart$/);
  });

  it('links from a compiled WebAssembly.Module too, and still checks shapes (by kind)', async () => {
    const alpha = await WebAssembly.compile(guestBytes('alpha'));
    const beta = await WebAssembly.compile(guestBytes('beta'));
    for (const memory of ['shared', 'copy'] as const) {
      // Without bytes, the size of an imported memory is learnt from the engine.
      const linked = await link({ schema, memory, modules: { alpha, beta } });
      expect(linked.client('alpha', Test, 'object').Counter()).toEqual({ Value: 1 });
      expect(linked.client('alpha', Test, 'object').Produce({ Bytes: 100 }).Length).toBe(100);
      linked.reset('alpha');
      expect(linked.client('alpha', Test, 'object').Counter()).toEqual({ Value: 1 });
      await linked.close();
    }
    const inWorker = await link({ schema, modules: { alpha: { source: alpha, runner: workerRunner({ timeoutMs: 5000 }) }, beta } });
    expect(inWorker.client('alpha', Test, 'object').Counter()).toEqual({ Value: 1 });
    await inWorker.close();
    const error = await linkError(link({ schema, modules: { bad: await WebAssembly.compile(guestBytes('bad')), beta } }));
    expect(error.problems.some((p) => p.function === 'Test.Sum' && p.problem.startsWith('missing export'))).toBe(true);
  });

  it('a typed client is bound to one module and interface', async () => {
    const linked = await link({ schema, modules: { alpha: guestBytes('alpha'), beta: guestBytes('beta') } });
    expect(() => linked.client('beta', Test)).toThrow(LinkError);
    expect(() => linked.function('alpha', 'Sink', 'Take')).toThrow('module "alpha", Sink.Take: the module does not implement Sink.Take');
    expect(Object.keys(linked.client('beta', Sink) as object)).toEqual(['Take', 'Trap', 'Peek']);
    await linked.close();
  });
});
