// Errors on the wire: what the server sends for each linker error, and the class the client rebuilds.
import { ClosedError, FuelExhaustedError, GuestError, GuestProtocolError, GuestTrapError, ImportFailedError, KarmemLinkerError, MemoryCapError, TimeoutError } from '@karmem-ts/linker';
import { RemoteServiceError, isRemote } from '../src';
import { errorFromReply, fromWire, serviceCode, subjectOf, toWire } from '../src/wire';

const origin = { subject: 'karmem.scorer.Scoring.Score' };
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('errors on the wire', () => {
  it.each([
    new GuestTrapError('scorer', 'Scoring.Score', 'unreachable', { resetFailed: 'start function trapped' }),
    new FuelExhaustedError('scorer', 'Scoring.Score', 5000),
    new MemoryCapError('scorer', 'Scoring.Score', 65536, 60000, 10000),
    new GuestProtocolError('scorer', 'Scoring.Score', 'its answer [10, +5) lies outside its memory (8 bytes)'),
    new GuestError('scorer', 'Scoring.Score', 70),
    new TimeoutError('scorer', 'Scoring.Score', 300),
    new ClosedError('scorer', 'Scoring.Score'),
  ])('rebuild $name with its class, fields and message, flagged remote', (error) => {
    const rebuilt = fromWire(JSON.parse(JSON.stringify(toWire(error))), origin);
    expect(rebuilt.constructor).toBe(error.constructor);
    expect(rebuilt.message).toBe(error.message);
    expect({ ...rebuilt }).toEqual({ ...error, remote: origin });
    expect(isRemote(rebuilt)).toBe(true);
    expect(isRemote(error)).toBe(false);
  });

  it('keep the cause chain of an ImportFailedError', () => {
    const trap = new GuestTrapError('sink', 'Sink.Take', 'unreachable');
    const error = new ImportFailedError('scorer', 'Scoring.Score', 'Sink.Take', 17, trap, { reset: true });
    const rebuilt = fromWire(JSON.parse(JSON.stringify(toWire(error))), origin) as ImportFailedError;
    expect(rebuilt).toBeInstanceOf(ImportFailedError);
    expect(rebuilt.message).toBe(error.message);
    expect(rebuilt.cause).toBeInstanceOf(GuestTrapError);
    expect((rebuilt.cause as GuestTrapError).module).toBe('sink');
    expect(isRemote(rebuilt.cause)).toBe(false); // only the top level came from the reply
  });

  it('keep the name and message of a class the client does not know', () => {
    const rebuilt = fromWire({ name: 'HostFunctionError', message: 'karmem: the host implementation threw', module: 'host', function: 'Log.Write' }, origin);
    expect(rebuilt).toBeInstanceOf(KarmemLinkerError);
    expect(rebuilt.name).toBe('HostFunctionError');
    expect(rebuilt.message).toBe('karmem: the host implementation threw');
  });

  it('give a RemoteServiceError for a service error without a karmem body', () => {
    const error = errorFromReply('scorer', 'Scoring.Score', origin, 500, 'boom', undefined, new Uint8Array(0));
    expect(error).toBeInstanceOf(RemoteServiceError);
    expect(error.message).toBe('karmem: module "scorer", Scoring.Score: the server answered 500: boom');
    expect(isRemote(error)).toBe(true);
    const broken = errorFromReply('scorer', 'Scoring.Score', origin, 500, 'boom', 'GuestTrapError', json('not an error'));
    expect(broken).toBeInstanceOf(RemoteServiceError);
  });

  // Whoever answered wrote the body: a cause that is not an error, fields of other types, a chain nested
  // past any depth. The error is rebuilt from what has its type; a cause chain is cut at 8 levels.
  it('rebuild a forged error body from what has its type, never crashing', () => {
    const rebuild = (body: unknown) => errorFromReply('scorer', 'Scoring.Score', origin, 500, 'forged', 'GuestError', json(body));
    const nullCause = rebuild({ name: 'GuestError', message: 'x', module: 'scorer', cause: null, code: '70' });
    expect(nullCause).toBeInstanceOf(GuestError);
    expect(nullCause).toMatchObject({ module: 'scorer', code: 0 });
    expect(nullCause.cause).toBeUndefined();
    const oddFields = rebuild({ name: 'GuestTrapError', module: 'scorer', function: 7, reason: { a: 1 }, message: ['x'], cause: 'text' });
    expect(oddFields).toBeInstanceOf(GuestTrapError);
    expect(oddFields).toMatchObject({ module: 'scorer', function: undefined, reason: 'trapped' });
    let deep = '{"name":"GuestTrapError","message":"m","module":"s","reason":"bottom"}';
    for (let i = 0; i < 20_000; i++) deep = `{"name":"X","message":"m","module":"s","cause":${deep}}`;
    const chain = errorFromReply('scorer', 'Scoring.Score', origin, 500, 'forged', 'X', new TextEncoder().encode(deep));
    let depth = 0;
    for (let e: unknown = chain; e instanceof Error; e = e.cause) depth++;
    expect(depth).toBe(9);
    expect(isRemote(chain)).toBe(true);
  });

  it('map classes to service codes', () => {
    expect(serviceCode(new GuestError('m', 'I.F', 70))).toBe(422);
    expect(serviceCode(new TimeoutError('m', 'I.F', 1))).toBe(504);
    expect(serviceCode(new ClosedError('m', 'I.F'))).toBe(503);
    expect(serviceCode(new GuestTrapError('m', 'I.F', 'x'))).toBe(500);
    expect(serviceCode(new Error('bug'))).toBe(500);
  });

  it('name one subject per function', () => {
    expect(subjectOf('karmem', 'scorer', 'Scoring', 'Score')).toBe('karmem.scorer.Scoring.Score');
  });
});
