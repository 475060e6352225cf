import { Field, Input } from '@fluentui/react-components';
import { dateInputValue } from '../format/date-input';

/** When the client secret expires: Entra ID shows it once, beside the value, and Graph never tells the app. */
export function SecretExpiryField(props: { storedAt?: number; value: string; onChange(value: string): void; problem?: string }) {
  const stored = dateInputValue(props.storedAt);
  const hint = stored
    ? `Stored: expires on ${stored}. A new secret needs its own date (without one the stored date is cleared); empty the field if it is not known. The Status page warns 30 days before.`
    : 'Optional: Entra ID shows it next to the secret. The Status page warns 30 days before.';
  return (
    <Field
      label="Client secret expires on"
      hint={hint}
      validationMessage={props.problem}
      validationState={props.problem ? 'error' : 'none'}
    >
      <Input
        type="date"
        value={props.value}
        onChange={(_, d) => props.onChange(d.value)}
        data-testid="secret-expires-on"
        data-stored={stored}
      />
    </Field>
  );
}
