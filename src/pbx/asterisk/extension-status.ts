/**
 * AMI ExtensionStatus `Status`: a bit mask over the devices of a hint (0 idle, 1 in use, 2 busy,
 * 4 unavailable, 8 ringing, 16 on hold; -1 hint removed, -2 extension removed), e.g. 9 = InUse&Ringing.
 */
import type { LineState } from '../../sync/states';

const INUSE = 1;
const BUSY = 2;
const UNAVAILABLE = 4;
const RINGING = 8;
const ONHOLD = 16;

/**
 * The line state for a status value. Bits are read by what matters most to a caller watching the line:
 * a ring first (someone is calling now), then hold, then a call, then unreachable. Undefined when the value
 * is not a number.
 */
export function lineStateOfExtensionStatus(status: string | number): LineState | undefined {
  const value = typeof status === 'number' ? status : Number.parseInt(status.trim(), 10);
  if (!Number.isInteger(value)) return undefined;
  // -1/-2: the hint or the extension left the dialplan; nothing can reach the line through it any more.
  if (value < 0) return 'offline';
  if (value & RINGING) return 'ringing';
  if (value & ONHOLD) return 'held';
  if (value & (INUSE | BUSY)) return 'onCall';
  if (value & UNAVAILABLE) return 'offline';
  return 'idle';
}
