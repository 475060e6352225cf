/** Realistic Teams client states and a seeded way to pick them, for load and convergence runs. */
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

/** mulberry32: the same seed gives the same run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
