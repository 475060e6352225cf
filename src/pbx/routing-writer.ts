/**
 * RoutingWriter on the PBX: the engine's routing commands go to the connector of the tenant they name, and the
 * connector's answer comes back as the outcome the trace records. The mirror of src/graph/presence-writer.ts on
 * the telephony side; the engine's write pools pace the calls, and each connector retries its own protocol.
 */
import type { RoutingWriter, WriteOutcome } from '../sync/ports';
import type { SetRoutingAction } from '../sync/types';
import type { PbxConnector, RoutingFence } from './connector';

/** What the writer needs of a connector. */
export type RoutingConnector = Pick<PbxConnector, 'kind' | 'applyRouting'>;

export interface RoutingWriterOptions {
  /** The running tenants' connectors by tenant id (a tenant that is not running has none). */
  connectors: { get(tenantId: string): RoutingConnector | undefined };
  /**
   * A write the connector refused or could not make (a ConnectorError, a refusal by the outbound address guard,
   * ...), as the connector threw it: for the tenant's admin.
   */
  onError?(tenantId: string, error: unknown): void;
  /**
   * Replicas sharing PostgreSQL: this replica's lease token on the tenant, undefined once the lease may be gone
   * (the write is then not sent). Absent: one replica runs every tenant, nothing to fence.
   */
  fencingToken?(tenantId: string): number | undefined;
}

export function createRoutingWriter(options: RoutingWriterOptions): RoutingWriter {
  return {
    async setRouting(action: SetRoutingAction): Promise<WriteOutcome> {
      const connector = options.connectors.get(action.tenantId);
      if (!connector) return { ok: false, detail: 'tenant not running' };
      const tokenOf = options.fencingToken;
      const fence: RoutingFence | undefined = tokenOf && { token: () => tokenOf(action.tenantId) };
      if (fence && fence.token() === undefined) return { ok: false, detail: "skipped: this replica no longer holds the tenant's lease" };
      try {
        await connector.applyRouting(action.extension, action.state, fence);
        return { ok: true, detail: `${connector.kind}: ${action.extension} set to ${action.state}` };
      } catch (err) {
        options.onError?.(action.tenantId, err);
        return { ok: false, detail: `${connector.kind}: ${(err as Error).message}` };
      }
    },
  };
}
