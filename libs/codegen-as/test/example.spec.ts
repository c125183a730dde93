/**
 * The guest of docs/assemblyscript.md (examples/monster-guest.ts) and the
 * benchmark guest (bench/game-sum.ts) on the generated code of the bundled
 * example, under both runtimes: the host writes requests into the guest's
 * memory, the guest reads them in place and answers; reading allocates
 * nothing; the viewers read what a hand-written loop reads.
 */
import fc from 'fast-check';
import { arbitraryValue } from '@karmem-ts/conformance';
import { decodeJson, encodeJson } from '@karmem-ts/dynamic';
import { Writer } from '@karmem-ts/runtime';
import { buildCached, exampleGuest, Guest, moduleFor, RUNTIMES, schemas, WORKSPACE, type BuiltGuest, type Runtime } from './harness';

const game = schemas().find((s) => s.name === 'game')!;
const { layout } = game;
let built: BuiltGuest;
beforeAll(async () => {
  built = await buildCached(exampleGuest(WORKSPACE));
});

const vec = (X: number, Y: number, Z: number) => ({ X, Y, Z });
function monster(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Pos: vec(1, 2, 3),
    Mana: 150,
    Health: 80,
    Name: 'Orc KING Ürg',
    Team: 1,
    Inventory: [1, 2, 3],
    Hitbox: [1, 2, 3, 4, 5],
    Status: [7, -7],
    Weapons: [10, 20, 0, 5].map((Damage) => ({ Data: { Damage, Range: 1 } })),
    Path: [vec(0, 0, 0), vec(2, 4, 6), vec(4, -4, 12)],
    ...overrides,
  };
}

describe.each(RUNTIMES)('%s runtime', (runtime: Runtime) => {
  let guest: Guest;
  beforeEach(async () => {
    guest = await Guest.instantiate(moduleFor(built, runtime));
  });

  /** The host encodes a MonsterData straight into the guest's input region. */
  function request(value: Record<string, unknown>): number {
    const at = guest.u32('inputAt');
    return encodeJson(layout, 'MonsterData', value, Writer.over(guest.buffer, at, guest.u32('inputCapacity'))).length;
  }

  it('reads a request in place and answers with a Vec3 message', () => {
    const length = request(monster());
    const answer = guest.call('pathCentre', length);
    expect(answer).toBe(12);
    const out = guest.u32('outputAt');
    expect(decodeJson(layout, 'Vec3', guest.read(out, answer))).toEqual(vec(2, 0, 6));
    expect(guest.call('isStrongOrc', length, 79)).toBe(1);
    expect(guest.call('isStrongOrc', length, 80)).toBe(0);
    expect(guest.call('capitals', length)).toBe(5); // O, K, I, N, G: Ü is two bytes, not ASCII
    expect(guest.call('totalDamage', length)).toBe(35);
  });

  it('answers defaults for what a request does not hold', () => {
    const length = request(monster({ Path: [], Team: 2, Name: '' }));
    expect(guest.call('pathCentre', length)).toBe(12);
    expect(decodeJson(layout, 'Vec3', guest.read(guest.u32('outputAt'), 12))).toEqual(vec(0, 0, 0));
    expect(guest.call('isStrongOrc', length, 0)).toBe(0);
    expect(guest.call('capitals', length)).toBe(0);
    // Cut short: the table cannot be read, everything is a default.
    expect(guest.call('totalDamage', 3)).toBe(0);
    expect(guest.call('capitals', 100)).toBe(0); // the first 100 bytes: Name's bytes are past them
  });

  it('allocates nothing while reading and answering', () => {
    const length = request(monster());
    const monsters = encodeJson(layout, 'Monsters', { Monsters: [{ Data: monster() }, { Data: monster() }] });
    const at = guest.u32('region', monsters.length);
    guest.bytes.set(monsters, at);
    guest.call('pathCentre', length); // warm up
    const top = guest.u32('heapTop');
    for (let i = 0; i < 1000; i++) {
      guest.call('pathCentre', length);
      guest.call('capitals', length);
      guest.call('totalDamage', length);
      guest.call('sumViewer', at, monsters.length);
    }
    expect(guest.u32('heapTop')).toBe(top);
  });

  it('sums every path through the viewers as a hand-written loop does', () => {
    const monsters = fc.array(arbitraryValue(layout, 'MonsterData'), { maxLength: 20 }).map((list) => ({ Monsters: list.map((Data) => ({ Data })) }));
    fc.assert(
      fc.property(monsters, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 4 }), (value, edits) => {
        const bytes = encodeJson(layout, 'Monsters', value);
        for (const [i, b] of edits) if (bytes.length > 0) bytes[i % bytes.length] = b;
        const at = guest.u32('region', bytes.length);
        guest.bytes.set(bytes, at);
        const viewer = guest.call<number>('sumViewer', at, bytes.length);
        const hand = guest.call<number>('sumHand', at, bytes.length);
        expect(Object.is(viewer, hand) || (Number.isNaN(viewer) && Number.isNaN(hand))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
