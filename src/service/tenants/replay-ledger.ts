/** The store's webhook replay table, bound to one tenant, as the webhook connector's replay ledger. */
import type { ReplayLedger } from '../../pbx/webhook';
import type { Store } from '../../store/store';

export function replayLedgerOf(store: Pick<Store, 'webhookReplays'>, tenantId: string): ReplayLedger {
  return {
    admit: (signature, expiresAtMs, nowMs) => store.webhookReplays.admit(tenantId, signature, expiresAtMs, nowMs),
    prune: (nowMs) => store.webhookReplays.prune(nowMs),
  };
}
