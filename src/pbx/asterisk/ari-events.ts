/**
 * Reading ARI WebSocket messages. Only DeviceStateChanged matters here:
 * `{"type":"DeviceStateChanged","application":"...","timestamp":"2024-05-04T10:20:30.123+0200",
 *   "device_state":{"name":"PJSIP/1001","state":"INUSE"}}`.
 */
import { z } from 'zod';
import type { LineState } from '../../sync/states';
import { extensionOfDevice, lineStateOfDeviceState } from './device-state';
import { parseAriTimestamp } from './line-report-clock';

const messageSchema = z.object({ type: z.string() }).loose();

const deviceStateChangedSchema = z.object({
  type: z.literal('DeviceStateChanged'),
  timestamp: z.string().optional(),
  device_state: z.object({ name: z.string(), state: z.string() }),
});

export type AriMessageReading =
  | { kind: 'lineState'; extension: string; state: LineState; at?: number }
  /** Another device (e.g. our own Stasis: device) or another event type. */
  | { kind: 'ignored'; reason: string }
  | { kind: 'malformed'; reason: string };

export function readAriMessage(text: string, technology: string): AriMessageReading {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'malformed', reason: 'not JSON' };
  }
  const message = messageSchema.safeParse(json);
  if (!message.success) return { kind: 'malformed', reason: 'no "type" field' };
  if (message.data.type !== 'DeviceStateChanged') return { kind: 'ignored', reason: message.data.type };
  const event = deviceStateChangedSchema.safeParse(json);
  if (!event.success) return { kind: 'malformed', reason: 'DeviceStateChanged without device_state name/state' };
  const { name, state } = event.data.device_state;
  const extension = extensionOfDevice(name, technology);
  if (extension === undefined) return { kind: 'ignored', reason: `device ${name}` };
  const lineState = lineStateOfDeviceState(state);
  if (!lineState) return { kind: 'malformed', reason: `unknown device state "${state}" for ${name}` };
  const at = parseAriTimestamp(event.data.timestamp);
  return { kind: 'lineState', extension, state: lineState, ...(at !== undefined && { at }) };
}
