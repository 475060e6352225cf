import { Badge } from '@fluentui/react-components';
import type { PartStatus } from '../api/types';

const LOOK: Record<PartStatus, { color: 'success' | 'warning' | 'danger' | 'informative' | 'subtle'; text: string }> = {
  ok: { color: 'success', text: 'OK' },
  degraded: { color: 'warning', text: 'Degraded' },
  down: { color: 'danger', text: 'Down' },
  starting: { color: 'informative', text: 'Starting' },
  off: { color: 'subtle', text: 'Off' },
};

export function StatusBadge({ status }: { status: PartStatus }) {
  const look = LOOK[status] ?? LOOK.off;
  return (
    <Badge appearance="filled" color={look.color} data-status={status}>
      {look.text}
    </Badge>
  );
}
