import { closestName } from './suggest';

describe('closestName', () => {
  it('finds a typo within two edits, ignoring case', () => {
    expect(closestName('Vec4', ['Vec3', 'Monster'])).toBe('Vec3');
    expect(closestName('monstr', ['Vec3', 'Monster'])).toBe('Monster');
    expect(closestName('Weapon', ['Vec3', 'Monster'])).toBeUndefined();
  });

  it('prefers the nearest candidate', () => {
    expect(closestName('Abcd', ['Abxy', 'Abcx'])).toBe('Abcx');
  });

  it('skips candidates whose length alone rules them out (a 5 MB name against short ones)', () => {
    const huge = 'x'.repeat(5_000_000);
    expect(closestName(huge, ['Vec3', 'Monster'])).toBeUndefined();
    expect(closestName('Vec3', [huge, 'Vec'])).toBe('Vec');
  });
});
