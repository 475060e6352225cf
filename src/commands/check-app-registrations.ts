/**
 * `check`'s part for the app-registration pool (issue 12.1): one line per registration the tenant added in the
 * store, with its own token, permissions, credential expiry and budget. A store that cannot be read, or a tenant
 * with no added registration, adds nothing.
 */
import { X509Certificate } from 'node:crypto';
import { checkTenantConnection, connectTenant, type GraphConnectionSettings, type Transport } from '../graph';
import { addedAppCredentials } from '../service/tenants/added-app-credentials';
import type { Store } from '../store/store';
import type { Clock } from '../time/clock';

const DAY = 86_400_000;

export interface PoolCheckInput {
  store: Pick<Store, 'appRegistrations'>;
  tenantId: string;
  /** The primary's line is printed by `check` itself; this names it for the budget line. */
  primaryClientId: string;
  connection: GraphConnectionSettings;
  transport: Transport;
  clock: Clock;
}

/** Lines to print, and whether every added registration passed. */
export async function checkAppRegistrations(input: PoolCheckInput): Promise<{ lines: string[]; ok: boolean }> {
  const records = await input.store.appRegistrations.list(input.tenantId);
  if (records.length === 0) return { lines: [], ok: true };
  const credentials = await addedAppCredentials(input.store, input.tenantId);
  const lines = [
    `app registrations: ${records.length + 1} (the primary and ${records.length} added), each ${input.connection.budgetPer30s} presence requests per 30 s`,
  ];
  let ok = true;
  for (const record of records) {
    const name = `app registration "${record.label}" (${record.clientId})`;
    const credential = credentials.find((c) => c.id === record.id);
    const expiresAt =
      record.credentialKind === 'certificate' && record.certificatePem ? certificateExpiry(record.certificatePem) : record.secretExpiresAt;
    const expiry =
      expiresAt === undefined
        ? `${record.credentialKind} expiry not known`
        : `${record.credentialKind} expires ${new Date(expiresAt).toISOString().slice(0, 10)} (${Math.floor((expiresAt - input.clock.now()) / DAY)} days)`;
    if (!credential) {
      ok = false;
      lines.push(
        `${name}: FAILED: its credential is not stored\n  fix: enter its client secret again in the tab > Setup > App registrations.`,
      );
      continue;
    }
    const connection = connectTenant({ tenantId: input.tenantId, ...credential }, input.connection, {
      transport: input.transport,
      clock: input.clock,
    });
    const r = await checkTenantConnection({
      tenantId: input.tenantId,
      clientId: record.clientId,
      tokens: connection.tokens,
      client: connection.client,
      clock: input.clock,
    });
    const missing = r.permissions.filter((p) => p.state === 'missing' && !p.optional).map((p) => p.name);
    const token = r.token.ok
      ? 'token ok'
      : `token FAILED${r.token.problem.aadsts ? ` (AADSTS${r.token.problem.aadsts})` : ''}: ${r.token.problem.message}`;
    const permissions = !r.token.ok ? '' : missing.length === 0 ? ', permissions ok' : `, permissions MISSING: ${missing.join(', ')}`;
    const fix = !r.token.ok ? r.token.problem.fix : missing.length > 0 ? r.permissions.find((p) => p.name === missing[0])?.fix : undefined;
    ok &&= r.ok;
    lines.push(`${name}: ${token}${permissions}, ${expiry}, budget ${input.connection.budgetPer30s}/30 s${fix ? `\n  fix: ${fix}` : ''}`);
  }
  return { lines, ok };
}

function certificateExpiry(pem: string): number | undefined {
  try {
    return new Date(new X509Certificate(pem).validTo).getTime();
  } catch {
    return undefined;
  }
}
