/**
 * The simulator's copy of Graph's presence rules, checked against Microsoft's setPresence table, and the product's
 * own copy checked against the same table: written apart, they must both say what the documentation says.
 */
import { ACTIVITIES, AVAILABILITIES, isSettableSessionPair } from '../../../src/sim/graph/presence-vocabulary';
import * as product from '../../../src/sync/states';

// presence: setPresence, "Supported combinations of availability and activity" (facts/graph.md).
const DOCUMENTED_PAIRS = ['Available/Available', 'Busy/InACall', 'Busy/InAConferenceCall', 'Away/Away', 'DoNotDisturb/Presenting'];
const everyPair = AVAILABILITIES.flatMap((availability) => ACTIVITIES.map((activity) => ({ availability, activity })));

test('the simulator accepts exactly the documented setPresence pairs', () => {
  const accepted = everyPair.filter((p) => isSettableSessionPair(p.availability, p.activity)).map((p) => `${p.availability}/${p.activity}`);
  expect(accepted.sort()).toEqual([...DOCUMENTED_PAIRS].sort());
});

test('the product writes only the documented setPresence pairs, and knows them all', () => {
  const settable = everyPair.filter((p) => product.isSettablePresence(p)).map((p) => `${p.availability}/${p.activity}`);
  expect(settable.sort()).toEqual([...DOCUMENTED_PAIRS].sort());
});

test('the product and the simulator use the same availability and activity words', () => {
  expect([...product.AVAILABILITIES].sort()).toEqual([...AVAILABILITIES].sort());
  expect([...product.ACTIVITIES].sort()).toEqual([...ACTIVITIES].sort());
});
