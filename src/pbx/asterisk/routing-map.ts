/**
 * What each routing state becomes on Asterisk: the device state of our own device (`Stasis:` for ARI,
 * `Custom:` for AMI, combined with the phone in a hint) and, for AMI, a CustomPresence value.
 */
import type { RoutingState } from '../../sync/states';
import type { SettableDeviceState } from './device-state';

export type RoutingDeviceStates = Record<RoutingState, SettableDeviceState>;

export const DEFAULT_ROUTING_DEVICE_STATES: Readonly<RoutingDeviceStates> = Object.freeze({
  available: 'NOT_INUSE',
  // In a Teams call: "in use, may take more calls", so call waiting behaves as with a second phone call.
  // Set it to BUSY in the settings where a Teams call must block PBX calls altogether.
  busy: 'INUSE',
  // Asterisk has no DND device state. BUSY is the one state that says "reachable but takes no calls":
  // queues skip the member, BLF shows busy, and a dialplan can send callers to voicemail with the busy
  // greeting. UNAVAILABLE would look like an unregistered phone (unavailable greeting, BLF off).
  dnd: 'BUSY',
  // Away in Teams means inactive, not gone: inactivity must not drop calls (the Daktela behaviour).
  away: 'NOT_INUSE',
  // Offline / off work in Teams. In a hint Asterisk only reports UNAVAILABLE when every device is, so a
  // registered phone still rings; a dialplan can read DEVICE_STATE() of our device to act on it.
  unavailable: 'UNAVAILABLE',
});

export function routingDeviceStates(overrides?: Partial<RoutingDeviceStates>): Readonly<RoutingDeviceStates> {
  return Object.freeze({ ...DEFAULT_ROUTING_DEVICE_STATES, ...overrides });
}

/** CustomPresence values (PRESENCE_STATE() documents: not_set, unavailable, available, away, xa, chat, dnd). */
export type AsteriskPresence = 'available' | 'away' | 'dnd' | 'unavailable';

export const PRESENCE_OF_ROUTING: Readonly<Record<RoutingState, AsteriskPresence>> = Object.freeze({
  available: 'available',
  // A call is line state, not presence: the device state already says busy.
  busy: 'available',
  dnd: 'dnd',
  away: 'away',
  unavailable: 'unavailable',
});

export const DEFAULT_PRESENCE_MESSAGES: Readonly<Record<RoutingState, string>> = Object.freeze({
  available: '',
  busy: '',
  dnd: 'Do not disturb (Teams)',
  away: 'Away (Teams)',
  unavailable: 'Offline (Teams)',
});

/**
 * The value of `PRESENCE_STATE(CustomPresence:x)=<value>,<subtype>,<message>`. The function splits on commas,
 * and AMI frames on line breaks, so both are taken out of the free text.
 */
export function presenceValue(state: RoutingState, message: string): string {
  const clean = message
    .replace(/[\r\n,]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return `${PRESENCE_OF_ROUTING[state]},,${clean}`;
}
