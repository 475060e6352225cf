/**
 * Each tenant's sync policy: the stored one (edited by the admin) when there is one, else the preset named
 * in the settings, stored so that the admin sees and edits the policy that actually runs. The engine asks
 * for a policy on every decision, so lookups are synchronous from memory.
 */
import type { Logger } from '../../logger';
import type { PolicyRepository } from '../../store/store';
import { parsePolicy, type PolicyResult, type SyncPolicy } from '../../sync/decision/policy';
import { presetPolicy } from '../../sync/decision/presets';
import { CodedError } from '../../coded-error';

export interface PolicyBook {
  load(tenantId: string): Promise<SyncPolicy>;
  get(tenantId: string): SyncPolicy;
  /** Validate and store a new policy; on errors nothing changes. */
  put(tenantId: string, json: unknown): Promise<PolicyResult>;
}

export class StoredPolicyError extends CodedError {
  readonly code = 'badStoredPolicy';
  constructor(tenantId: string, problems: string) {
    super(
      `The stored sync policy of tenant ${tenantId} is not valid (${problems}).`,
      'save a corrected policy, or delete it to fall back to the preset.',
      { fixInMessage: ' Fix: ' },
    );
  }
}

export async function createPolicyBook(
  repo: Pick<PolicyRepository, 'get' | 'put'>,
  defaults: { preset: string; debounceMs?: number },
  logger?: Logger,
): Promise<PolicyBook> {
  const cache = new Map<string, SyncPolicy>();
  const fallback = presetPolicy(defaults.preset);
  return {
    async load(tenantId) {
      const stored = await repo.get(tenantId);
      if (stored !== undefined) {
        const parsed = parsePolicy(stored);
        if (!parsed.ok) throw new StoredPolicyError(tenantId, parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
        if (parsed.policy.preset !== defaults.preset) {
          logger?.info({ tenantId, stored: parsed.policy.preset, setting: defaults.preset }, 'the stored policy wins over PB_PRESET');
        }
        cache.set(tenantId, parsed.policy);
        return parsed.policy;
      }
      const initial = parsePolicy({
        preset: defaults.preset,
        ...(defaults.debounceMs !== undefined ? { debounceMs: defaults.debounceMs } : {}),
      });
      if (!initial.ok) throw new StoredPolicyError(tenantId, initial.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
      await repo.put(tenantId, initial.policy);
      cache.set(tenantId, initial.policy);
      return initial.policy;
    },
    get: (tenantId) => cache.get(tenantId) ?? fallback,
    async put(tenantId, json) {
      const parsed = parsePolicy(json);
      if (parsed.ok) {
        await repo.put(tenantId, parsed.policy);
        cache.set(tenantId, parsed.policy);
      }
      return parsed;
    },
  };
}
