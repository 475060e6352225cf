import { Badge, Field, Input, Textarea } from '@fluentui/react-components';

/**
 * A secret goes in and never comes back: the field is always empty and says only whether a value is stored.
 * Typing a value replaces the stored one on Save; leaving it empty keeps it.
 */
export function WriteOnlyField(props: {
  label: string;
  isSet: boolean;
  value: string;
  onChange(value: string): void;
  multiline?: boolean;
  hint?: string;
}) {
  const state = (
    <Badge appearance="tint" color={props.isSet ? 'success' : 'warning'} data-testid={`secret-state-${props.label}`}>
      {props.isSet ? 'set' : 'not set'}
    </Badge>
  );
  const hint =
    props.hint ?? (props.isSet ? 'Stored encrypted. Type a new value to replace it; leave empty to keep it.' : 'Not stored yet.');
  return (
    <Field
      label={
        <span>
          {props.label} {state}
        </span>
      }
      hint={hint}
    >
      {props.multiline ? (
        <Textarea
          value={props.value}
          onChange={(_, d) => props.onChange(d.value)}
          resize="vertical"
          autoComplete="off"
          spellCheck={false}
          placeholder="-----BEGIN ..."
        />
      ) : (
        <Input type="password" value={props.value} onChange={(_, d) => props.onChange(d.value)} autoComplete="new-password" />
      )}
    </Field>
  );
}
