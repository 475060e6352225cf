/** First page of the admin consent popup: ask the service for Microsoft's adminconsent URL and go there. */
import { app, authentication } from '@microsoft/teams-js';
import { createAdminApi } from '../api/admin-api';
import { createHttpClient } from '../api/http-client';
import { consentEndUrl, rememberConsentRequest } from '../consent/consent-session';
import { say } from '../consent/page-message';
import { withTimeout } from '../host/with-timeout';

/** The tab left its token out of the URL (too long): ask Teams for one from this popup. */
async function tokenFromTeams(): Promise<string | undefined> {
  try {
    await withTimeout(app.initialize(), 3000, 'Teams');
    return await authentication.getAuthToken();
  } catch {
    return undefined;
  }
}

async function start(): Promise<void> {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const token = fragment.get('token') ?? (await tokenFromTeams());
  // An added registration of the pool has its own consent routes; none: the setup's own app, as before.
  const registration = fragment.get('registration') ?? undefined;
  // Keep the token out of the address bar and the history.
  history.replaceState(null, '', window.location.pathname);
  if (!token) {
    say('This page is opened by the PresenceBridge tab (Setup, "Grant admin consent"). Close it and start from the tab.', true);
    return;
  }
  const state = rememberConsentRequest(token, registration);
  say('Opening Microsoft\u2019s admin consent page\u2026');
  const api = createAdminApi(createHttpClient(async () => token));
  const { url } = registration
    ? await api.appRegistrationConsentUrl(registration, consentEndUrl(), state)
    : await api.consentUrl(consentEndUrl(), state);
  window.location.assign(url);
}

start().catch((err: Error) => say(`Could not open the consent page: ${err.message}`, true));
