import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

/** Says plainly that this is not Teams: signed in with the demo service's own token, not Teams SSO. */
export function LocalModeBanner({ reason }: { reason?: string }) {
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="local-mode-banner">
      <MessageBarBody>
        <MessageBarTitle>LOCAL MODE (demo)</MessageBarTitle>
        This tab is {reason ?? 'running outside Teams'}: you are signed in with the demo service's local admin token, not Teams single
        sign-on. Open PresenceBridge from Teams to administer a real tenant.
      </MessageBarBody>
    </MessageBar>
  );
}
