/**
 * Last page of the admin consent popup: Microsoft redirected back here with admin_consent=True or an error.
 * Record the outcome with the service, then tell the tab (through Teams, or the opener outside Teams).
 */
import { app, authentication } from '@microsoft/teams-js';
import { createAdminApi } from '../api/admin-api';
import { createHttpClient } from '../api/http-client';
import { outcomeFromQuery } from '../consent/consent-outcome';
import { takeConsentRequest } from '../consent/consent-session';
import { say } from '../consent/page-message';
import { CONSENT_MESSAGE_TYPE, type ConsentMessage, type ConsentOutcome } from '../host/consent-message';
import { withTimeout } from '../host/with-timeout';

/** Outside Teams the tab itself opened this window, so the opener is our own origin; Teams' is not. */
function localOpener(): Window | undefined {
  try {
    const opener = window.opener as Window | null;
    return opener && opener.location.origin === window.location.origin ? opener : undefined;
  } catch {
    return undefined; // cross-origin opener: Teams
  }
}

async function report(outcome: ConsentOutcome): Promise<void> {
  const opener = localOpener();
  if (opener) {
    const message: ConsentMessage = { type: CONSENT_MESSAGE_TYPE, outcome };
    opener.postMessage(message, window.location.origin);
    window.close();
    return;
  }
  const text = JSON.stringify(outcome);
  try {
    await withTimeout(app.initialize(), 3000, 'Teams');
    if (outcome.granted) authentication.notifySuccess(text);
    else authentication.notifyFailure(text);
    return;
  } catch {
    // Opened by hand: the text on the page is all we can do.
  }
}

async function finish(): Promise<void> {
  const { token, state, registration } = takeConsentRequest();
  const outcome = outcomeFromQuery(new URLSearchParams(window.location.search), state);
  if (token && outcome.error !== 'state_mismatch') {
    try {
      const api = createAdminApi(createHttpClient(async () => token));
      await (registration ? api.appRegistrationConsentResult(registration, outcome) : api.consentResult(outcome));
    } catch (err) {
      outcome.granted = false;
      outcome.error ??= 'not_recorded';
      outcome.errorDescription = `${outcome.errorDescription ? `${outcome.errorDescription} ` : ''}The service could not record the result: ${(err as Error).message}`;
    }
  }
  say(
    outcome.granted
      ? 'Admin consent granted. You can close this window.'
      : `Consent was not granted: ${outcome.errorDescription ?? outcome.error}`,
    !outcome.granted,
  );
  await report(outcome);
}

void finish();
