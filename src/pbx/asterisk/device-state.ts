/**
 * Asterisk device states (the same strings in ARI DeviceStateChanged, AMI DeviceStateChange and the
 * DEVICE_STATE() dialplan function) and what they mean as a line state.
 */
import type { LineState } from '../../sync/states';

export const ASTERISK_DEVICE_STATES = [
  'UNKNOWN',
  'NOT_INUSE',
  'INUSE',
  'BUSY',
  'INVALID',
  'UNAVAILABLE',
  'RINGING',
  'RINGINUSE',
  'ONHOLD',
] as const;
export type AsteriskDeviceState = (typeof ASTERISK_DEVICE_STATES)[number];

/** The values ARI's PUT /deviceStates accepts (UNKNOWN is read-only there). */
export const SETTABLE_DEVICE_STATES = ['NOT_INUSE', 'INUSE', 'BUSY', 'INVALID', 'UNAVAILABLE', 'RINGING', 'RINGINUSE', 'ONHOLD'] as const;
export type SettableDeviceState = (typeof SETTABLE_DEVICE_STATES)[number];

const LINE_STATE_OF_DEVICE: Record<AsteriskDeviceState, LineState> = {
  NOT_INUSE: 'idle',
  // Asterisk itself folds UNKNOWN into NOT_INUSE for hints (ast_devstate_to_extenstate): a device without a
  // state provider, e.g. a registered phone with qualify off, is reachable and not in a call.
  UNKNOWN: 'idle',
  INUSE: 'onCall',
  BUSY: 'onCall',
  RINGING: 'ringing',
  // Ringing while already in use: a second call is ringing; the ring is what a watcher needs to see.
  RINGINUSE: 'ringing',
  ONHOLD: 'held',
  UNAVAILABLE: 'offline',
  INVALID: 'offline',
};

export function isAsteriskDeviceState(value: string): value is AsteriskDeviceState {
  return (ASTERISK_DEVICE_STATES as readonly string[]).includes(value);
}

/** The line state for a device state string; undefined for a value Asterisk does not document. */
export function lineStateOfDeviceState(state: string): LineState | undefined {
  const upper = state.trim().toUpperCase();
  return isAsteriskDeviceState(upper) ? LINE_STATE_OF_DEVICE[upper] : undefined;
}

/**
 * `PJSIP/1001` -> `1001` when the device belongs to the phone technology we follow; undefined for any other
 * device (our own `Stasis:`/`Custom:` devices included, which is what keeps our writes from echoing back).
 */
export function extensionOfDevice(deviceName: string, technology: string): string | undefined {
  const prefix = `${technology}/`;
  if (deviceName.length <= prefix.length) return undefined;
  if (deviceName.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return undefined;
  return deviceName.slice(prefix.length);
}
