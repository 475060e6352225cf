/** The tab spells out the service's vocabulary (it may import only types from the service): the copies must agree. */
import * as tab from '../../tab/src/api/vocabulary';
import * as core from '../../src/sync/states';

test.each([
  ['AVAILABILITIES', tab.AVAILABILITIES, core.AVAILABILITIES],
  ['ACTIVITIES', tab.ACTIVITIES, core.ACTIVITIES],
  ['LINE_STATES', tab.LINE_STATES, core.LINE_STATES],
  ['ROUTING_STATES', tab.ROUTING_STATES, core.ROUTING_STATES],
  ['SETTABLE_PRESENCES', tab.SETTABLE_PRESENCES, core.SETTABLE_PRESENCES],
] as const)('the tab offers the same %s as the core, in the same order', (_name, inTab, inCore) => {
  expect(inTab).toEqual(inCore);
});
