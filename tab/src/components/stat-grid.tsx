import { Caption1, Text } from '@fluentui/react-components';

/** Label/value pairs in a compact grid (counts, polling, budget). */
export function StatGrid({ items }: { items: Array<[label: string, value: string]> }) {
  return (
    <dl style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(13em, 1fr))', gap: 12, margin: 0 }}>
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>
            <Caption1>{label}</Caption1>
          </dt>
          <dd style={{ margin: 0 }}>
            <Text size={500} weight="semibold">
              {value}
            </Text>
          </dd>
        </div>
      ))}
    </dl>
  );
}
