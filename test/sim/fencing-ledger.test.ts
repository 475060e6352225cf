/** What the simulators do with fencing tokens: the newest seen per tenant wins, an older one is refused and counted. */
import { FencingLedger, parseFencingToken } from '../../src/sim/fencing-ledger';

test.each<[string, Array<number | undefined>, boolean[], { newest?: number; refusedStale: number; tokens: number[] }]>([
  ['no token: accepted, as from a single replica', [undefined, undefined], [true, true], { refusedStale: 0, tokens: [] }],
  ['the same token again and a newer one', [1, 1, 2], [true, true, true], { newest: 2, refusedStale: 0, tokens: [1, 2] }],
  ['an older token after a newer one is refused', [1, 3, 2, 3], [true, true, false, true], { newest: 3, refusedStale: 1, tokens: [1, 3] }],
])('%s', (_name, writes, admitted, snapshot) => {
  const ledger = new FencingLedger();
  expect(writes.map((token) => ledger.admit(token))).toEqual(admitted);
  expect(ledger.snapshot()).toMatchObject(snapshot);
});

test.each([
  ['7', 7],
  [7, 7],
  ['-1', undefined],
  ['x', undefined],
  [undefined, undefined],
  [1.5, undefined],
])('parseFencingToken(%p) is %p', (value, expected) => {
  expect(parseFencingToken(value)).toBe(expected);
});
