import { Text } from '@fluentui/react-components';
import type { PartHealthView } from '../api/types';
import { StatusBadge } from './status-badge';

/** Plain names for the parts the service reports. */
const PART_NAMES: Record<string, string> = {
  token: 'Sign-in to Microsoft (app token)',
  consent: 'Admin consent and permissions',
  graph: 'Microsoft Graph',
  polling: 'Reading Teams presence',
  writer: 'Writing Teams presence',
  connector: 'PBX connection',
  directory: 'User directory',
  setup: 'Setup',
  sync: 'Sync',
};

export function PartHealthList({ parts }: { parts: Record<string, PartHealthView> }) {
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 6 }} data-testid="part-health">
      {Object.entries(parts).map(([name, part]) => (
        <li key={name} data-part={name} style={{ display: 'grid', gridTemplateColumns: '19em 6em 1fr', gap: 8, alignItems: 'baseline' }}>
          <Text weight="semibold">{PART_NAMES[name] ?? name}</Text>
          <span>
            <StatusBadge status={part.status} />
          </span>
          <Text>{part.detail ?? ''}</Text>
        </li>
      ))}
    </ul>
  );
}
