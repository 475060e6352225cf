/**
 * RoutingWriter on the PBX: the engine's routing commands go to the connector of the tenant they name, and the
 * connector's answer comes back as the outcome the trace records. The mirror of src/graph/presence-writer.ts on
 * the telephony side; the engine's write pools pace the calls, and each connector retries its own protocol.
 */
import type { RoutingWriter, WriteOutcome } from '../sync/ports';
import type { SetRoutingAction } from '../sync/types';
import type { PbxConnector } from './connector';

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
}

export function createRoutingWriter(options: RoutingWriterOptions): RoutingWriter {
  return {
    async setRouting(action: SetRoutingAction): Promise<WriteOutcome> {
      const connector = options.connectors.get(action.tenantId);
      if (!connector) return { ok: false, detail: 'tenant not running' };
      try {
        await connector.applyRouting(action.extension, action.state);
        return { ok: true, detail: `${connector.kind}: ${action.extension} set to ${action.state}` };
      } catch (err) {
        options.onError?.(action.tenantId, err);
        return { ok: false, detail: `${connector.kind}: ${(err as Error).message}` };
      }
    },
  };
}
