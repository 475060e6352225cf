/**
 * "Grant admin consent" for our multi-tenant app. Entra's consent page refuses to render in a frame, so it
 * opens in a popup (Teams' authentication window, or a browser window in local mode) that starts at
 * consent-start.html and reports back from consent-end.html.
 */
import { Button, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useState } from 'react';
import { consentStartUrl } from '../consent/consent-session';
import { parseConsentOutcome, type ConsentOutcome } from '../host/consent-message';
import { useTabServices } from '../hooks/api-context';

export function AdminConsentButton({ onDone }: { onDone(outcome: ConsentOutcome): void }) {
  const { host } = useTabServices();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ConsentOutcome>();

  const grant = async () => {
    setBusy(true);
    setOutcome(undefined);
    let result: ConsentOutcome;
    try {
      result = parseConsentOutcome(await host.authenticate(consentStartUrl(await host.getToken())));
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
      <Button appearance="primary" onClick={grant} disabled={busy}>
        {busy ? 'Waiting for consent\u2026' : 'Grant admin consent'}
      </Button>
      {outcome && (
        <MessageBar intent={outcome.granted ? 'success' : 'error'} data-testid="consent-outcome" layout="multiline">
          <MessageBarBody>
            {outcome.granted
              ? 'Admin consent granted. PresenceBridge can now read and set presence in your tenant; check the permissions below.'
              : `Consent was not granted (${outcome.error ?? 'unknown'}): ${outcome.errorDescription ?? ''} Fix: sign in as a Global Administrator or Privileged Role Administrator and try again.`}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
