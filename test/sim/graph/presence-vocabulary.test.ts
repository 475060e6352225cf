/**
 * The simulator's copy of Graph's presence rules, checked against Microsoft's setPresence table, and the product's
 * own copy checked against the same table: written apart, they must both say what the documentation says.
 */
import { PREFERRED_PRESENCES } from '../../../src/sim/graph/presence-aggregation';
import { ACTIVITIES, AVAILABILITIES, isSettableSessionPair } from '../../../src/sim/graph/presence-vocabulary';
import * as product from '../../../src/sync';

// presence: setPresence, "Supported combinations of availability and activity" (facts/graph.md).
const DOCUMENTED_PAIRS = ['Available/Available', 'Busy/InACall', 'Busy/InAConferenceCall', 'Away/Away', 'DoNotDisturb/Presenting'];
// presence: setUserPreferredPresence, its table of supported combinations.
const DOCUMENTED_PREFERRED = [
  'Available/Available',
  'Busy/Busy',
  'DoNotDisturb/DoNotDisturb',
  'BeRightBack/BeRightBack',
  'Away/Away',
  'Offline/OffWork',
];
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

test('the simulator and the product take the documented setUserPreferredPresence pairs', () => {
  const text = (pairs: readonly { availability: string; activity: string }[]) => pairs.map((p) => `${p.availability}/${p.activity}`).sort();
  expect(text(PREFERRED_PRESENCES)).toEqual([...DOCUMENTED_PREFERRED].sort());
  expect(text(everyPair.filter((p) => product.isPreferredPresence(p)))).toEqual([...DOCUMENTED_PREFERRED].sort());
});
