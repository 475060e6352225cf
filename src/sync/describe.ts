/** Plain descriptions of events for trace entries. */
import { formatPresence } from './presence';
import type { SyncEvent } from './types';

export function describeEvent(event: SyncEvent): string {
  if (event.kind === 'teamsPresence') {
    const seq = event.version ? `seq ${event.version}, ` : '';
    return `Teams ${formatPresence(event.presence)} (${seq}${event.source})`;
  }
  return `line ${event.state} (${event.extension}${event.version ? `, v ${event.version}` : ''})`;
}
