import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { TenantStatus } from '../api/types';
import { expirySeverity, expiryText } from '../format/format';

const INTENT = { ok: 'success', warning: 'warning', error: 'error' } as const;

/** Days until the app's secret or certificate expires: a warning under 30 days, an error under 7. */
/** `multiline`: the text wraps (a narrow card); otherwise Fluent's single line, wrapping only when it overflows. */
export function CredentialExpiry({ credential, multiline }: { credential: TenantStatus['credential']; multiline?: boolean }) {
  const severity = credential.kind === 'none' ? 'ok' : expirySeverity(credential.daysLeft);
  const fix =
    severity === 'ok'
      ? ''
      : ` Create a new ${credential.kind === 'certificate' ? 'certificate' : 'client secret'} for the app registration in Entra ID and enter it under Setup before it runs out.`;
  return (
    <MessageBar
      intent={credential.kind === 'none' || credential.daysLeft === undefined ? 'info' : INTENT[severity]}
      data-testid="credential-expiry"
      data-severity={severity}
      layout={multiline ? 'multiline' : undefined}
    >
      <MessageBarBody>
        {expiryText(credential.kind, credential.daysLeft)}
        {fix}
      </MessageBarBody>
    </MessageBar>
  );
}
