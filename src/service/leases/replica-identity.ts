/** Who this replica is to the others: an id for its heartbeat and leases, the address they relay to, their shared secret. */
import { createHmac, randomUUID } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import type { Settings } from '../../config';

export interface ReplicaIdentity {
  replicaId: string;
  internalUrl: string;
  secret: string;
}

export function replicaIdentity(settings: Readonly<Settings>, listeningPort: number, secretKey: string): ReplicaIdentity {
  return {
    // New at every start: a restarted replica is a new holder, so its old leases are taken over with new tokens.
    replicaId: `${hostname()}-${randomUUID().slice(0, 8)}`,
    internalUrl: settings.replicas.internalUrl?.replace(/\/+$/, '') ?? `http://${ownAddress(settings.host)}:${listeningPort}`,
    secret: settings.replicas.secret ?? createHmac('sha256', secretKey).update('presence-bridge replica forwarding').digest('base64url'),
  };
}

/** The address the other replicas reach: the bound host when it is a specific one, else the first non-internal IPv4. */
function ownAddress(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host.includes(':') ? `[${host}]` : host;
  for (const addresses of Object.values(networkInterfaces())) {
    const v4 = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (v4) return v4.address;
  }
  return '127.0.0.1';
}
