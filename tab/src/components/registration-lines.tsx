/** Status: one compact line per app registration (health and use), shown only when the tenant has more than one. */
import { Badge, Text } from '@fluentui/react-components';
import type { AppRegistrationView } from '../api/types';
import { HEALTH_BADGE, problemText, retryAfterText } from '../format/app-registration-text';
import { countText } from '../format/format';
import { RegistrationUseBar } from './registration-use-bar';

export function RegistrationLines({ registrations, now }: { registrations: AppRegistrationView[]; now: number }) {
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }} data-testid="registration-lines">
      {registrations.map((r) => {
        const health = HEALTH_BADGE[r.health] ?? HEALTH_BADGE.unchecked;
        const note = problemText(r.problem) ?? retryAfterText(r.use.retryAfterUntil, now);
        return (
          <li key={r.id} data-id={r.id} data-health={r.health} style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
            <Text weight="semibold" style={{ minWidth: '12em' }}>
              {r.label}{' '}
              {r.primary && (
                <Badge appearance="filled" color="brand" size="small">
                  primary
                </Badge>
              )}
            </Text>
            <Badge appearance="tint" color={health.color} style={{ minWidth: '7em' }}>
              {health.label}
            </Badge>
            <RegistrationUseBar registration={r} />
            <Text size={200}>{countText(r.use.usersPolled)} users polled</Text>
            {note && <Text size={200}>{note}</Text>}
          </li>
        );
      })}
    </ul>
  );
}
