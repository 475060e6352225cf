/**
 * The lease of each tenant and the replicas' heartbeats on PostgreSQL. Every decision is one conditional
 * statement (INSERT ... ON CONFLICT DO UPDATE ... WHERE expired, UPDATE ... WHERE holder = me ... RETURNING),
 * so two replicas claiming together cannot both win, and expiry is judged by the database's clock (now()).
 */
import type pg from 'pg';
import { WriteFence, type TenantLeaseRepository, type TenantLeaseRow } from '../tenant-leases';

const MS = "$3 * interval '1 millisecond'";

export function createPostgresLeaseRepository(pool: pg.Pool): TenantLeaseRepository {
  const fence = new WriteFence();
  return {
    fence,
    async heartbeat(replica, leaseMs) {
      await pool.query(
        `INSERT INTO replicas (replica_id, internal_url, started_at, expires_at) VALUES ($1, $2, now(), now() + ${MS})
         ON CONFLICT (replica_id) DO UPDATE SET internal_url = excluded.internal_url, expires_at = excluded.expires_at`,
        [replica.replicaId, replica.internalUrl, leaseMs],
      );
      const { rows } = await pool.query<{ replica_id: string; internal_url: string }>(
        'SELECT replica_id, internal_url FROM replicas WHERE expires_at > now() ORDER BY replica_id',
      );
      return rows.map((r) => ({ replicaId: r.replica_id, internalUrl: r.internal_url }));
    },
    async leave(replicaId) {
      await pool.query('DELETE FROM replicas WHERE replica_id = $1', [replicaId]);
      // Rows of replicas gone for a day say nothing any more.
      await pool.query("DELETE FROM replicas WHERE expires_at < now() - interval '1 day'");
    },
    async list() {
      const { rows } = await pool.query<{
        tenant_id: string;
        holder: string | null;
        token: number | null;
        live: boolean;
        url: string | null;
      }>(
        `SELECT t.tenant_id, l.holder, l.token, (l.holder IS NOT NULL AND l.expires_at > now()) AS live, r.internal_url AS url
           FROM tenants t
           LEFT JOIN tenant_leases l ON l.tenant_id = t.tenant_id
           LEFT JOIN replicas r ON r.replica_id = l.holder
          ORDER BY t.tenant_id`,
      );
      return rows.map((r): TenantLeaseRow => ({
        tenantId: r.tenant_id,
        holder: r.holder ?? undefined,
        token: Number(r.token ?? 0),
        live: r.live,
        holderUrl: r.url ?? undefined,
      }));
    },
    async claim(tenantId, replicaId, leaseMs) {
      const { rows } = await pool.query<{ token: number }>(
        `INSERT INTO tenant_leases (tenant_id, holder, token, expires_at) VALUES ($1, $2, 1, now() + ${MS})
         ON CONFLICT (tenant_id) DO UPDATE SET holder = excluded.holder, token = tenant_leases.token + 1, expires_at = excluded.expires_at
           WHERE tenant_leases.holder IS NULL OR tenant_leases.expires_at <= now()
         RETURNING token`,
        [tenantId, replicaId, leaseMs],
      );
      return rows[0] ? Number(rows[0].token) : undefined;
    },
    async renew(replicaId, tenantIds, leaseMs) {
      if (tenantIds.length === 0) return new Map();
      const { rows } = await pool.query<{ tenant_id: string; token: number }>(
        `UPDATE tenant_leases SET expires_at = now() + ${MS} WHERE holder = $1 AND tenant_id = ANY($2::text[]) RETURNING tenant_id, token`,
        [replicaId, tenantIds, leaseMs],
      );
      return new Map(rows.map((r) => [r.tenant_id, Number(r.token)]));
    },
    async release(tenantId, replicaId) {
      await pool.query('UPDATE tenant_leases SET holder = NULL, expires_at = now() WHERE tenant_id = $1 AND holder = $2', [
        tenantId,
        replicaId,
      ]);
    },
  };
}
