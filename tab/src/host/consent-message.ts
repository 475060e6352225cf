/** How the consent popup reports back when the tab runs outside Teams (a same-origin postMessage). */
export const CONSENT_MESSAGE_TYPE = 'presence-bridge:consent';

export interface ConsentOutcome {
  granted: boolean;
  error?: string;
  errorDescription?: string;
}

export interface ConsentMessage {
  type: typeof CONSENT_MESSAGE_TYPE;
  outcome: ConsentOutcome;
}

export function isConsentMessage(data: unknown): data is ConsentMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === CONSENT_MESSAGE_TYPE;
}

export function parseConsentOutcome(text: string): ConsentOutcome {
  try {
    const v = JSON.parse(text) as Partial<ConsentOutcome>;
    return { granted: v.granted === true, error: v.error, errorDescription: v.errorDescription };
  } catch {
    return { granted: false, error: 'unreadable_result', errorDescription: text };
  }
}
