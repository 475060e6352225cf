import { seededRandom } from '../../src/sim/seeded-random';

const take = (random: () => number, n: number) => Array.from({ length: n }, () => random());

describe('seededRandom', () => {
  test('the same seed gives the same sequence', () => {
    expect(take(seededRandom(7), 20)).toEqual(take(seededRandom(7), 20));
  });

  test('different seeds give different sequences', () => {
    expect(take(seededRandom(7), 5)).not.toEqual(take(seededRandom(8), 5));
  });

  // Pinned: demos, generated people and recorded fault runs depend on these exact numbers.
  test.each([
    [42, [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]],
    [1, [0.6270739405881613]],
  ])('seed %i starts with %p', (seed, expected) => {
    expect(take(seededRandom(seed), expected.length)).toEqual(expected);
  });

  test('every number is in [0, 1)', () => {
    const numbers = take(seededRandom(123), 10_000);
    expect(numbers.every((n) => n >= 0 && n < 1)).toBe(true);
  });
});
