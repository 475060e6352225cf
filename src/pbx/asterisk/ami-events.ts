/**
 * Reading AMI events into line states:
 * - `Event: DeviceStateChange / Device: PJSIP/1001 / State: INUSE` (every device change);
 * - `Event: ExtensionStatus / Exten: 1001 / Context: .. / Hint: PJSIP/1001 / Status: 1` (hint changes);
 * - `Event: PresenceStateChange / Presentity: CustomPresence:1001 / Status: dnd` (presence).
 * With `timestampevents = yes` in manager.conf each event carries `Timestamp: <seconds.micros>`.
 */
import type { LineState } from '../../sync/states';
import { field, type AmiMessage } from './ami-codec';
import { extensionOfDevice, lineStateOfDeviceState } from './device-state';
import { lineStateOfExtensionStatus } from './extension-status';
import { parseAmiTimestamp } from './line-report-clock';

export interface AmiReadOptions {
  technology: string;
  lineStateSource: 'device' | 'hint';
  hintContext?: string;
  /** Our own device, e.g. `Custom:teams-`: a hint holding it would echo our writes. */
  ownDevicePrefix: string;
  /** Our own presence provider, e.g. `CustomPresence:`. */
  ownPresencePrefix: string;
}

export type AmiEventReading =
  | { kind: 'lineState'; extension: string; state: LineState; at?: number }
  | { kind: 'presence'; extension: string; status: string; at?: number }
  | { kind: 'ignored'; reason: string };

export function readAmiEvent(message: AmiMessage, options: AmiReadOptions): AmiEventReading {
  const event = field(message, 'Event')?.toLowerCase();
  const at = parseAmiTimestamp(field(message, 'Timestamp'));
  const withAt = at !== undefined ? { at } : {};
  if (event === 'devicestatechange') {
    if (options.lineStateSource !== 'device') return { kind: 'ignored', reason: 'device events not used' };
    const device = field(message, 'Device') ?? '';
    const extension = extensionOfDevice(device, options.technology);
    if (extension === undefined) return { kind: 'ignored', reason: `device ${device}` };
    const state = lineStateOfDeviceState(field(message, 'State') ?? '');
    if (!state) return { kind: 'ignored', reason: `unknown state of ${device}` };
    return { kind: 'lineState', extension, state, ...withAt };
  }
  if (event === 'extensionstatus') {
    if (options.lineStateSource !== 'hint') return { kind: 'ignored', reason: 'hint events not used' };
    const context = field(message, 'Context');
    if (options.hintContext && context !== options.hintContext) return { kind: 'ignored', reason: `context ${context}` };
    const hint = field(message, 'Hint') ?? '';
    if (hint.toLowerCase().includes(options.ownDevicePrefix.toLowerCase())) {
      return { kind: 'ignored', reason: `hint ${hint} holds our own device (would echo our writes)` };
    }
    const extension = field(message, 'Exten');
    const state = lineStateOfExtensionStatus(field(message, 'Status') ?? '');
    if (!extension || !state) return { kind: 'ignored', reason: 'ExtensionStatus without Exten or Status' };
    return { kind: 'lineState', extension, state, ...withAt };
  }
  if (event === 'presencestatechange') {
    const presentity = field(message, 'Presentity') ?? '';
    if (!presentity.toLowerCase().startsWith(options.ownPresencePrefix.toLowerCase())) {
      return { kind: 'ignored', reason: `presentity ${presentity}` };
    }
    const extension = presentity.slice(options.ownPresencePrefix.length);
    return { kind: 'presence', extension, status: (field(message, 'Status') ?? '').toLowerCase(), ...withAt };
  }
  return { kind: 'ignored', reason: event ?? 'not an event' };
}
