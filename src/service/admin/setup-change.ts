/**
 * The service's own checks of a Setup change, beyond the shape the HTTP edge already checked (the same
 * schema, setup-change-schema.ts, so every caller meets the same rules): a secret's ID pasted for its
 * value, and a certificate that cannot be used. Every problem is named with its field; nothing is applied.
 */
import type { z } from 'zod';
import { AdminInputError } from './admin-service';
import { GUID, setupChangeSchema } from './setup-change-schema';
import { readClientCertificate } from '../../graph';
import { OutboundAddressRefusedError, type OutboundGuard } from '../../pbx/outbound-guard';
import type { TenantSettings } from '../tenants/tenant-settings';

export type ValidSetupChange = z.infer<typeof setupChangeSchema>;

export function parseSetupChange(tenantId: string, input: unknown): ValidSetupChange {
  const parsed = setupChangeSchema.safeParse(input);
  if (!parsed.success) {
    throw new AdminInputError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const change = parsed.data;
  if (change.clientSecret && GUID.test(change.clientSecret)) {
    throw new AdminInputError([
      {
        path: 'clientSecret',
        message: "this looks like the secret's ID; paste the secret's Value (shown once, when the secret was created)",
      },
    ]);
  }
  if (change.connector?.secret !== undefined && change.connector.secret.length < 16) {
    throw new AdminInputError([{ path: 'connector.secret', message: 'must be at least 16 characters' }]);
  }
  if (change.certificatePem && change.privateKeyPem) {
    try {
      readClientCertificate(tenantId, change.certificatePem, change.privateKeyPem);
    } catch (err) {
      throw new AdminInputError([{ path: 'certificatePem', message: (err as Error).message }]);
    }
  }
  return change;
}

/**
 * The client secret's expiry to store after a change: the date given (null clears it); none given with a new
 * secret clears it too (the stored date was the old secret's); otherwise the stored one stays.
 */
export function secretExpiry(
  change: Pick<ValidSetupChange, 'clientSecret' | 'clientSecretExpiresAt'>,
  stored: number | undefined,
): number | undefined {
  if (change.clientSecretExpiresAt !== undefined) return change.clientSecretExpiresAt ?? undefined;
  return change.clientSecret !== undefined ? undefined : stored;
}

/**
 * The connector's addresses as they are to be stored: "set by the operator" only while every address is one the
 * operator set (environment or demo) and the admin saved it unchanged; anything a tenant admin typed is theirs.
 */
export function connectorAsSaved(
  connector: NonNullable<ValidSetupChange['connector']>,
  previous: TenantSettings | undefined,
): TenantSettings['connector'] {
  const operatorUrls =
    previous?.connector.setBy === 'operator' ? [previous.connector.url, previous.connector.usersUrl].filter(Boolean) : [];
  const fromOperator = [connector.url, connector.usersUrl].every((u) => u === undefined || operatorUrls.includes(u));
  return {
    kind: connector.kind,
    url: connector.url,
    usersUrl: connector.usersUrl,
    username: connector.username,
    ...(fromOperator && { setBy: 'operator' as const }),
  };
}

/**
 * The outbound address policy on the addresses a tenant admin entered, after DNS, before anything is saved:
 * a refused one is named with its field, the address class and the operator setting that would allow it.
 */
export async function checkConnectorAddresses(
  connector: TenantSettings['connector'],
  guard: Pick<OutboundGuard, 'resolveAndCheck'>,
): Promise<void> {
  if (connector.setBy === 'operator') return;
  const problems: Array<{ path: string; message: string }> = [];
  for (const field of ['url', 'usersUrl'] as const) {
    const host = hostOf(connector[field]);
    if (!host) continue; // no URL, or not one: the connector's own validation names it
    try {
      await guard.resolveAndCheck(host);
    } catch (err) {
      if (!(err instanceof OutboundAddressRefusedError)) throw err;
      problems.push({ path: `connector.${field}`, message: err.message });
    }
  }
  if (problems.length) throw new AdminInputError(problems);
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}
