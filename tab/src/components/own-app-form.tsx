/** "Your own app registration": tenant id shown, client id, and a secret or a certificate with its key. */
import { Button, Field, Input, Radio, RadioGroup } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { problemsByPath } from '../api/api-error';
import type { SetupChange, TenantSetup } from '../api/types';
import { dateInputValue, msFromDateInput } from '../format/date-input';
import { SecretExpiryField } from './secret-expiry-field';
import { WriteOnlyField } from './write-only-field';

/** `secretExpiresAt`: the stored expiry of the client secret (Status reports it), shown in the date field. */
export function OwnAppForm(props: {
  tenantId?: string;
  setup: TenantSetup;
  secretExpiresAt?: number;
  saving: boolean;
  error: unknown;
  onSave(change: SetupChange): void;
}) {
  const [clientId, setClientId] = useState(props.setup.clientId ?? '');
  const [credential, setCredential] = useState<'secret' | 'certificate'>(props.setup.secrets.certificate ? 'certificate' : 'secret');
  const [secret, setSecret] = useState('');
  const [secretExpires, setSecretExpires] = useState(dateInputValue(props.secretExpiresAt));
  useEffect(() => setSecretExpires(dateInputValue(props.secretExpiresAt)), [props.secretExpiresAt]);
  const [certificate, setCertificate] = useState('');
  const [key, setKey] = useState('');
  const problems = problemsByPath(props.error);

  const save = () => {
    const change: SetupChange = { appKind: 'ownApp' };
    if (clientId.trim() && clientId.trim() !== props.setup.clientId) change.clientId = clientId.trim();
    if (credential === 'secret' && secret) change.clientSecret = secret;
    // The date goes with a new secret, or on its own when only the date changed; an emptied field clears it.
    const expiresAt = msFromDateInput(secretExpires);
    if (credential === 'secret' && expiresAt !== undefined && (secret || expiresAt !== props.secretExpiresAt))
      change.clientSecretExpiresAt = expiresAt;
    if (credential === 'secret' && expiresAt === undefined && !secret && props.secretExpiresAt !== undefined)
      change.clientSecretExpiresAt = null;
    if (credential === 'certificate' && (certificate || key)) {
      change.certificatePem = certificate;
      change.privateKeyPem = key;
    }
    props.onSave(change);
    setSecret('');
    setCertificate('');
    setKey('');
  };

  return (
    <div style={{ display: 'grid', gap: 12, maxWidth: 640 }} data-testid="own-app-form">
      <Field label="Tenant (directory) ID" hint="The tenant you are signed in to: the app registration must live here.">
        <Input value={props.tenantId ?? ''} readOnly />
      </Field>
      <Field
        label="Application (client) ID"
        validationMessage={problems.get('clientId')}
        validationState={problems.has('clientId') ? 'error' : 'none'}
      >
        <Input value={clientId} onChange={(_, d) => setClientId(d.value)} placeholder="00000000-0000-0000-0000-000000000000" />
      </Field>
      <RadioGroup
        value={credential}
        onChange={(_, d) => setCredential(d.value as 'secret' | 'certificate')}
        layout="horizontal"
        aria-label="Credential"
      >
        <Radio value="secret" label="Client secret" />
        <Radio value="certificate" label="Certificate" />
      </RadioGroup>
      {credential === 'secret' ? (
        <>
          <WriteOnlyField label="Client secret value" isSet={props.setup.secrets.clientSecret} value={secret} onChange={setSecret} />
          {problems.get('clientSecret') && <Field validationMessage={problems.get('clientSecret')} validationState="error" />}
          <SecretExpiryField
            storedAt={props.secretExpiresAt}
            value={secretExpires}
            onChange={setSecretExpires}
            problem={problems.get('clientSecretExpiresAt')}
          />
        </>
      ) : (
        <>
          <WriteOnlyField
            label="Certificate (PEM)"
            isSet={props.setup.secrets.certificate}
            value={certificate}
            onChange={setCertificate}
            multiline
          />
          <WriteOnlyField label="Private key (PEM)" isSet={props.setup.secrets.certificate} value={key} onChange={setKey} multiline />
          {(problems.get('certificatePem') ?? problems.get('privateKeyPem')) && (
            <Field validationMessage={problems.get('certificatePem') ?? problems.get('privateKeyPem')} validationState="error" />
          )}
        </>
      )}
      <div>
        <Button appearance="primary" onClick={save} disabled={props.saving}>
          Save app registration
        </Button>
      </div>
    </div>
  );
}
