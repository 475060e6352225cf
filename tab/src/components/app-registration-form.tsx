/**
 * Adding an app registration to the pool (label, client id, a secret with its expiry or a certificate with its
 * key), or giving one a new credential. Secrets are write-only; the service's field problems show at the field.
 */
import { Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup } from '@fluentui/react-components';
import { useState } from 'react';
import { problemsByPath } from '../api/api-error';
import { EMPTY_DRAFT, problemsByField, type RegistrationDraft } from '../format/app-registration-draft';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
import { SecretExpiryField } from './secret-expiry-field';
import { WriteOnlyField } from './write-only-field';

export function AppRegistrationForm(props: {
  /** add: a new registration; credential: a new secret or certificate for `name`. */
  mode: 'add' | 'credential';
  name?: string;
  /** What the registration has stored (credential mode): shown as "set" in the write-only fields. */
  stored?: { kind: 'secret' | 'certificate' | 'none'; expiresAt?: number };
  busy: boolean;
  error: unknown;
  onSubmit(draft: RegistrationDraft): Promise<boolean>;
  onCancel(): void;
}) {
  const [draft, setDraft] = useState<RegistrationDraft>({
    ...EMPTY_DRAFT,
    credential: props.stored?.kind === 'certificate' ? 'certificate' : 'secret',
  });
  const set =
    <K extends keyof RegistrationDraft>(key: K) =>
    (value: RegistrationDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const { fields, other } = problemsByField(problemsByPath(props.error));
  // Every problem the service named is shown at its field: the banner only says so.
  const placed = Object.keys(fields).length > 0 && other.length === 0;
  const fieldState = (key: keyof RegistrationDraft) =>
    ({ validationMessage: fields[key], validationState: fields[key] ? 'error' : 'none' }) as const;
  const secretSet = props.stored?.kind === 'secret';
  const certificateSet = props.stored?.kind === 'certificate';
  const title = props.mode === 'add' ? 'Add an app registration' : `New credential for ${props.name}`;

  const submit = async () => {
    // Secrets leave the form once sent, whatever the answer; the rest stays to be corrected.
    const ok = await props.onSubmit(draft);
    setDraft((d) => ({ ...(ok ? EMPTY_DRAFT : d), secret: '', certificate: '', key: '', credential: d.credential }));
  };

  return (
    <form
      style={{ display: 'grid', gap: 12, maxWidth: 640 }}
      aria-label={title}
      data-testid={props.mode === 'add' ? 'add-registration-form' : 'credential-form'}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {props.error !== undefined && (
        <MessageBar intent="error" role="alert" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{props.mode === 'add' ? 'Not added' : 'Not saved'}</MessageBarTitle>
            {placed ? 'Nothing was saved: correct the field marked below, then try again.' : errorText(props.error)}
            {other.length > 0 && (
              <ul>
                {other.map((text) => (
                  <li key={text}>{text}</li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      {props.mode === 'add' && (
        <>
          <Field label="Name" hint='Your name for it, e.g. "Presence pool 2".' {...fieldState('label')}>
            <Input value={draft.label} onChange={(_, d) => set('label')(d.value)} />
          </Field>
          <Field label="Application (client) ID" hint="From the app registration's overview in Entra ID." {...fieldState('clientId')}>
            <Input
              value={draft.clientId}
              onChange={(_, d) => set('clientId')(d.value)}
              placeholder="00000000-0000-0000-0000-000000000000"
            />
          </Field>
        </>
      )}
      <RadioGroup
        value={draft.credential}
        onChange={(_, d) => set('credential')(d.value as 'secret' | 'certificate')}
        layout="horizontal"
        aria-label="Credential"
      >
        <Radio value="secret" label="Client secret" />
        <Radio value="certificate" label="Certificate" />
      </RadioGroup>
      {draft.credential === 'secret' ? (
        <>
          <WriteOnlyField label="Client secret value" isSet={secretSet} value={draft.secret} onChange={set('secret')} />
          {fields.secret && <Field validationMessage={fields.secret} validationState="error" />}
          <SecretExpiryField
            storedAt={secretSet ? props.stored?.expiresAt : undefined}
            value={draft.secretExpires}
            onChange={set('secretExpires')}
            problem={fields.secretExpires}
          />
        </>
      ) : (
        <>
          <WriteOnlyField
            label="Certificate (PEM)"
            isSet={certificateSet}
            value={draft.certificate}
            onChange={set('certificate')}
            multiline
          />
          {fields.certificate && <Field validationMessage={fields.certificate} validationState="error" />}
          <WriteOnlyField label="Private key (PEM)" isSet={certificateSet} value={draft.key} onChange={set('key')} multiline />
          {fields.key && <Field validationMessage={fields.key} validationState="error" />}
        </>
      )}
      <div style={{ display: 'flex', gap: 8 }}>
        <Button appearance="primary" type="submit" disabled={props.busy}>
          {props.mode === 'add' ? (props.busy ? 'Adding\u2026' : 'Add registration') : props.busy ? 'Saving\u2026' : 'Save credential'}
        </Button>
        <Button onClick={props.onCancel} disabled={props.busy}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
