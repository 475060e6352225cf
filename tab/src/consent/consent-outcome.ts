import type { ConsentOutcome } from '../host/consent-message';

/** Microsoft's answer on the redirect: admin_consent=True, or error + error_description; state must be ours. */
export function outcomeFromQuery(query: URLSearchParams, expectedState: string | undefined): ConsentOutcome {
  if (!expectedState || query.get('state') !== expectedState) {
    return {
      granted: false,
      error: 'state_mismatch',
      errorDescription: 'The answer does not belong to a consent request started from this tab. Start again from Setup.',
    };
  }
  const error = query.get('error') ?? undefined;
  if (error) return { granted: false, error, errorDescription: query.get('error_description') ?? undefined };
  const granted = query.get('admin_consent')?.toLowerCase() === 'true';
  return granted ? { granted } : { granted: false, error: 'no_consent', errorDescription: 'Microsoft did not confirm admin consent.' };
}
