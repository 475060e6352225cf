/** Realistic Teams client states and a seeded way to pick them, for load and convergence runs. */
import { seededRandom } from '../../../src/sim/seeded-random';
import type { Activity, Availability } from '../../../src/sync/states';

export const CLIENT_STATES: readonly [Availability, Activity][] = [
  ['Available', 'Available'],
  ['Busy', 'Busy'],
  ['Busy', 'InACall'],
  ['Busy', 'InAMeeting'],
  ['DoNotDisturb', 'DoNotDisturb'],
  ['DoNotDisturb', 'Presenting'],
  ['BeRightBack', 'BeRightBack'],
  ['Away', 'Away'],
  ['Away', 'OutOfOffice'],
  ['Offline', 'Offline'],
];

/** The same seed gives the same run. */
export const seeded = seededRandom;

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
