/**
 * "Grant admin consent" for our multi-tenant app, or for one added registration of the pool (`registration`). Entra's consent page refuses to render in a frame, so it
 * opens in a popup (Teams' authentication window, or a browser window in local mode) that starts at
 * consent-start.html and reports back from consent-end.html.
 */
import { Button, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useState } from 'react';
import { consentStartUrl } from '../consent/consent-session';
import { parseConsentOutcome, type ConsentOutcome } from '../host/consent-message';
import { useTabServices } from '../hooks/api-context';

export function AdminConsentButton({
  onDone,
  registration,
}: {
  onDone(outcome: ConsentOutcome): void;
  /** An added app registration: its id for the routes and its label for the button's name. */
  registration?: { id: string; label: string };
}) {
  const { host } = useTabServices();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ConsentOutcome>();

  const grant = async () => {
    setBusy(true);
    setOutcome(undefined);
    let result: ConsentOutcome;
    try {
      result = parseConsentOutcome(await host.authenticate(consentStartUrl(await host.getToken(), registration?.id)));
    } catch (err) {
      // Teams rejects with the text consent-end gave notifyFailure, or with its own reason (window closed).
      const text = (err as Error).message;
      result = text.startsWith('{') ? parseConsentOutcome(text) : { granted: false, error: 'not_completed', errorDescription: text };
    }
    setOutcome(result);
    setBusy(false);
    onDone(result);
  };

  return (
    <div style={{ display: 'grid', gap: 8, justifyItems: 'start' }}>
      <Button
        appearance={registration ? 'secondary' : 'primary'}
        onClick={grant}
        disabled={busy}
        aria-label={registration && !busy ? `Grant admin consent for ${registration.label}` : undefined}
      >
        {busy ? 'Waiting for consent\u2026' : 'Grant admin consent'}
      </Button>
      {outcome && (
        <MessageBar intent={outcome.granted ? 'success' : 'error'} data-testid="consent-outcome" layout="multiline">
          <MessageBarBody>
            {outcome.granted
              ? registration
                ? `Admin consent granted for ${registration.label}. Check its permissions to confirm.`
                : 'Admin consent granted. PresenceBridge can now read and set presence in your tenant; check the permissions below.'
              : `Consent was not granted (${outcome.error ?? 'unknown'}): ${outcome.errorDescription ?? ''} Fix: sign in as a Global Administrator or Privileged Role Administrator and try again.`}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
