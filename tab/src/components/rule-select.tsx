import { Field, Select } from '@fluentui/react-components';

/** A compact select for a rule cell, with the problem the service found right under it. */
export function RuleSelect(props: {
  label: string;
  value: string;
  options: readonly string[];
  onChange(value: string): void;
  problem?: string;
  testId?: string;
}) {
  const options = props.options.includes(props.value) ? props.options : [props.value, ...props.options];
  return (
    <Field validationMessage={props.problem} validationState={props.problem ? 'error' : 'none'} size="small">
      <Select
        aria-label={props.label}
        value={props.value}
        onChange={(_, d) => props.onChange(d.value)}
        size="small"
        data-testid={props.testId}
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </Select>
    </Field>
  );
}
