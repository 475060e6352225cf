/**
 * The documented state tables the Asterisk suites check, in one place: what each Asterisk device state
 * means as a line state, and which device state each routing state sets by default.
 */
import type { LineState, RoutingState } from '../../../../src/sync/states';

/** Asterisk device state -> our line state (ast_devstate_str values; UNKNOWN counts as idle). */
export const DEVICE_STATE_LINE_STATES: readonly (readonly [string, LineState])[] = [
  ['NOT_INUSE', 'idle'],
  ['UNKNOWN', 'idle'],
  ['INUSE', 'onCall'],
  ['BUSY', 'onCall'],
  ['RINGING', 'ringing'],
  ['RINGINUSE', 'ringing'],
  ['ONHOLD', 'held'],
  ['UNAVAILABLE', 'offline'],
  ['INVALID', 'offline'],
];

/** Routing state -> the device state our Custom:/Stasis: device is set to, unless the settings override it. */
export const DEFAULT_ROUTING_DEVICE_STATE_CASES: readonly (readonly [RoutingState, string])[] = [
  ['available', 'NOT_INUSE'],
  ['busy', 'INUSE'],
  ['dnd', 'BUSY'],
  ['away', 'NOT_INUSE'],
  ['unavailable', 'UNAVAILABLE'],
];
