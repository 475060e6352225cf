/** One registration's requests in the last 30 s against its own limit, as a small bar with the figures beside it. */
import { ProgressBar, Text, tokens } from '@fluentui/react-components';
import type { AppRegistrationView } from '../api/types';
import { useShare, useText } from '../format/app-registration-text';

export function RegistrationUseBar({ registration }: { registration: AppRegistrationView }) {
  const share = useShare(registration.use);
  return (
    <div style={{ display: 'grid', gap: 2, minWidth: 160 }} data-testid="registration-use" data-share={share.toFixed(2)}>
      <ProgressBar
        value={share}
        thickness="large"
        color={registration.health === 'failing' ? 'error' : share > 0.9 || registration.health === 'throttled' ? 'warning' : 'brand'}
        aria-label={`Graph budget used by ${registration.label} in the last 30 seconds`}
        // A thin outline shows the whole track in every theme (high contrast draws no track of its own).
        style={{ maxWidth: 240, outline: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}` }}
      />
      <Text size={200}>{useText(registration.use)}</Text>
    </div>
  );
}
