import { Field, Input, Select } from '@fluentui/react-components';
import type { UserStatus } from '../api/types';

export const STATUS_FILTERS: Array<[UserStatus | '', string]> = [
  ['', 'All users'],
  ['matched', 'Matched'],
  ['unmatched', 'Unmatched'],
  ['conflict', 'Conflicts'],
  ['overridden', 'Overridden'],
  ['excluded', 'Excluded'],
];

export function UserFilters(props: {
  search: string;
  status: UserStatus | '';
  onSearch(v: string): void;
  onStatus(v: UserStatus | ''): void;
}) {
  return (
    <div style={{ display: 'flex', gap: 12, alignItems: 'end', flexWrap: 'wrap' }}>
      <Field label="Search">
        <Input
          value={props.search}
          onChange={(_, d) => props.onSearch(d.value)}
          placeholder="name, e-mail or extension"
          type="search"
          style={{ width: '22em' }}
        />
      </Field>
      <Field label="Show">
        <Select value={props.status} onChange={(_, d) => props.onStatus(d.value as UserStatus | '')}>
          {STATUS_FILTERS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
