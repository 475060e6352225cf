import { Badge } from '@fluentui/react-components';
import type { UserStatus } from '../api/types';

const COLOR: Record<UserStatus, 'success' | 'warning' | 'danger' | 'informative' | 'subtle'> = {
  matched: 'success',
  unmatched: 'warning',
  conflict: 'danger',
  overridden: 'informative',
  excluded: 'subtle',
};

export function UserStatusBadge({ status }: { status: UserStatus }) {
  return (
    <Badge appearance="tint" color={COLOR[status] ?? 'subtle'}>
      {status}
    </Badge>
  );
}
