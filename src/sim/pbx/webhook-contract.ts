/**
 * The generic webhook's wire words, written from its contract (src/pbx/webhook/README.md), not taken from the
 * product's code: the simulated PBX must hold the product to the contract, not to itself.
 */

/** `state` of a routing write: how the PBX should route calls to the extension. */
export const ROUTING_STATES = ['available', 'busy', 'dnd', 'away', 'unavailable'] as const;
export type RoutingState = (typeof ROUTING_STATES)[number];

/** `state` of a line-state event: what the extension's line is doing. */
export const LINE_STATES = ['idle', 'ringing', 'onCall', 'held', 'conference', 'dnd', 'offline'] as const;
export type LineState = (typeof LINE_STATES)[number];

/** A row of the users list (`GET usersUrl`). */
export interface PbxUser {
  extension: string;
  displayName?: string;
  email?: string;
  phoneNumber?: string;
  username?: string;
}
