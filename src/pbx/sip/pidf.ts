/**
 * A routing state -> PIDF presence document (RFC 3863) with RPID activities (RFC 4480):
 *   available   -> open, no activity
 *   busy        -> open, on-the-phone + busy
 *   dnd         -> open, busy, with a "do not disturb" note (RPID has no DND activity)
 *   away        -> open, away
 *   unavailable -> closed
 * The tuple id and note name PresenceBridge, so a PBX admin can tell who set the state.
 */
import type { RoutingState } from '../../sync/states';
import { escapeXml } from './xml-lite';

interface PresenceShape {
  basic: 'open' | 'closed';
  activities: string[];
  note?: string;
}

export const ROUTING_PRESENCE: Record<RoutingState, PresenceShape> = {
  available: { basic: 'open', activities: [] },
  busy: { basic: 'open', activities: ['on-the-phone', 'busy'], note: 'Busy (set by PresenceBridge)' },
  dnd: { basic: 'open', activities: ['busy'], note: 'Do not disturb (set by PresenceBridge)' },
  away: { basic: 'open', activities: ['away'], note: 'Away (set by PresenceBridge)' },
  unavailable: { basic: 'closed', activities: [], note: 'Unavailable (set by PresenceBridge)' },
};

export const PIDF_CONTENT_TYPE = 'application/pidf+xml';

export function buildPidf(entity: string, state: RoutingState): string {
  const shape = ROUTING_PRESENCE[state];
  const id = escapeXml(entity.replace(/^sips?:/, '').replace(/[^\w.-]/g, '-'));
  const activities = shape.activities.length
    ? `<rpid:activities>${shape.activities.map((a) => `<rpid:${a}/>`).join('')}</rpid:activities>`
    : '';
  const note = shape.note ? `<dm:note>${escapeXml(shape.note)}</dm:note>` : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="${escapeXml(entity)}">`,
    `<tuple id="presence-bridge-${id}"><status><basic>${shape.basic}</basic></status></tuple>`,
    `<dm:person id="person-${id}">${activities}${note}</dm:person>`,
    '</presence>',
    '',
  ].join('\n');
}
