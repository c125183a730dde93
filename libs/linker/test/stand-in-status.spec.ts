/**
 * A host implementation standing in for a module (a worker pool, a module
 * over NATS) throws that module's typed failure: the calling guest gets the
 * status it would get from the module in-process. Anything else a host
 * implementation throws is CALLEE_FAILED. Either way the fault recorded is a
 * HostFunctionError whose cause is what was thrown.
 */
import { GuestError, GuestTrapError, HostFunctionError, type Linked, ReentrancyError, STATUS, TimeoutError, link } from '@karmem-ts/linker';
import { Caller, type ScoringHost, callerBytes, hostSchema } from './pool-host';
import { Count } from './spec';

describe('the status a throwing host implementation gives its caller', () => {
  let thrown: unknown;
  let linked: Linked;
  const host: ScoringHost = {
    Score: () => ({ Value: 0 }),
    Counter: () => ({ Value: 0 }),
    Spin: () => undefined,
    Trap: () => {
      throw thrown;
    },
    Fail: () => undefined,
    Lie: () => ({ Value: 0 }),
    Forge: () => undefined,
    Echo: () => new Uint8Array(0),
  };

  beforeAll(async () => {
    linked = await link({ schema: hostSchema, modules: { caller: callerBytes() }, host: { Scoring: host } });
  });
  afterAll(() => linked.close());

  it.each([
    ['a trap of the module it stands in for', new GuestTrapError('scorer', 'Scoring.Trap', 'unreachable'), STATUS.CALLEE_TRAPPED],
    ['its time limit', new TimeoutError('scorer', 'Scoring.Trap', 1000), STATUS.TIMEOUT],
    ['a re-entrant call', new ReentrancyError('scorer', 'Scoring.Trap'), STATUS.REENTRANT],
    ['an application code', new GuestError('scorer', 'Scoring.Trap', 70), 70],
    ['a linker code as a GuestError (not passed on)', new GuestError('scorer', 'Scoring.Trap', STATUS.CALLEE_TRAPPED), STATUS.CALLEE_FAILED],
    ['an Error of its own', new Error('the host broke'), STATUS.CALLEE_FAILED],
    ['a string', 'not even an Error', STATUS.CALLEE_FAILED],
  ])('%s', (_name, error, status) => {
    thrown = error;
    const faults = linked.faults.length;
    expect(Count.decode(linked.function('caller', Caller.name, 'Trap').call()).Value).toBe(status);
    const fault = linked.faults[linked.faults.length - 1];
    expect(linked.faults.length).toBe(Math.min(faults + 1, 64));
    expect(fault).toBeInstanceOf(HostFunctionError);
    expect(fault!.cause).toBe(error);
  });
});
