/**
 * Which replica runs the tenants when several share one PostgreSQL database: the one holding a session-level
 * advisory lock, on a connection of its own. The others wait (standby) and take over when the holder's session
 * ends: PostgreSQL releases the lock with the session, whether the process stopped, crashed or lost its network.
 * The holder checks its connection every few seconds and gives up at once when it is gone, so two replicas are
 * active together for at most about one check interval plus the timeout.
 */
import pg from 'pg';
import { describeDatabaseUrl } from '../database-url';
import { LOCK_ACTIVE_REPLICA, schemaLockKey } from './pool';

export interface ActiveLease {
  release(): Promise<void>;
}

export interface ActiveLeaseOptions {
  connectionString: string;
  /** How often a standby asks again, and how often the holder checks its connection. Default 2 s. */
  intervalMs?: number;
  /** Stops waiting (the service is stopped while standby): the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called once when another replica holds the lease and this one starts waiting. */
  onStandby?(): void;
  /** The lease is gone (connection lost): stop running tenants now. Called at most once. */
  onLost(error: Error): void;
}

export async function acquireActiveLease(o: ActiveLeaseOptions): Promise<ActiveLease> {
  const intervalMs = o.intervalMs ?? 2_000;
  const client = new pg.Client({ connectionString: o.connectionString, keepAlive: true, query_timeout: intervalMs * 2 });
  let errorBeforeHeld: Error | undefined;
  client.on('error', (error) => (errorBeforeHeld ??= error));
  try {
    await client.connect();
  } catch (cause) {
    throw new Error(`The replica lease could not connect to ${describeDatabaseUrl(o.connectionString)} (${(cause as Error).message}).`, {
      cause,
    });
  }
  try {
    let waiting = false;
    while (!(await tryLock(client))) {
      if (!waiting) o.onStandby?.();
      waiting = true;
      await pause(intervalMs, o.signal);
      if (errorBeforeHeld) throw errorBeforeHeld;
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }

  let done = false;
  const lost = (error: Error) => {
    if (done) return;
    done = true;
    clearInterval(check);
    void client.end().catch(() => undefined);
    o.onLost(error);
  };
  client.removeAllListeners('error');
  client.on('error', (error) => lost(error));
  client.on('end', () => lost(new Error('the database connection holding the replica lease ended')));
  const check = setInterval(() => {
    client.query('SELECT 1').catch((error: Error) => lost(error));
  }, intervalMs);
  check.unref();
  return {
    async release() {
      if (done) return;
      done = true;
      clearInterval(check);
      await client.end().catch(() => undefined);
    },
  };
}

async function tryLock(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ held: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_ACTIVE_REPLICA}, ${schemaLockKey}) AS held`);
  return rows[0].held;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
