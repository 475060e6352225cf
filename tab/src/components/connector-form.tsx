/** PBX connector settings with "Test connection". Password and shared secret are write-only. */
import { Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select } from '@fluentui/react-components';
import { useState } from 'react';
import { problemsByPath } from '../api/api-error';
import type { ConnectionTest, SetupChange, TenantSetup } from '../api/types';
import { useApi } from '../hooks/api-context';
import { ErrorMessage } from './error-message';
import { WriteOnlyField } from './write-only-field';

/** The test's verdict in words; the status code is shown beside it. */
const VERDICTS: Record<ConnectionTest['verdict'], string> = {
  reachable: 'Reachable',
  status: 'Answered',
  badAnswer: 'Unexpected answer',
  notAllowed: 'Address not allowed',
  refused: 'Refused',
  timedOut: 'Timed out',
  tlsProblem: 'TLS problem',
  unreachable: 'Unreachable',
};

const KINDS: Array<[string, string]> = [
  ['webhook', 'Webhook (signed HTTP)'],
  ['sip', 'SIP (PUBLISH / SUBSCRIBE)'],
  ['asterisk-ari', 'Asterisk ARI'],
  ['asterisk-ami', 'Asterisk AMI'],
];

export function ConnectorForm(props: { setup: TenantSetup; saving: boolean; error: unknown; onSave(change: SetupChange): void }) {
  const api = useApi();
  const c = props.setup.connector;
  const [kind, setKind] = useState(c.kind);
  const [url, setUrl] = useState(c.url ?? '');
  const [usersUrl, setUsersUrl] = useState(c.usersUrl ?? '');
  const [username, setUsername] = useState(c.username ?? '');
  const [password, setPassword] = useState('');
  const [secret, setSecret] = useState('');
  const [test, setTest] = useState<{ result?: ConnectionTest; error?: unknown; busy: boolean }>({ busy: false });
  const problems = problemsByPath(props.error);
  const fieldState = (path: string) => ({
    validationMessage: problems.get(path),
    validationState: problems.has(path) ? ('error' as const) : ('none' as const),
  });

  const save = () => {
    const connector: NonNullable<SetupChange['connector']> = { kind };
    if (url) connector.url = url;
    if (usersUrl) connector.usersUrl = usersUrl;
    if (username) connector.username = username;
    if (password) connector.password = password;
    if (secret) connector.secret = secret;
    props.onSave({ connector });
    setPassword('');
    setSecret('');
  };
  const runTest = async () => {
    setTest({ busy: true });
    try {
      setTest({ busy: false, result: await api.testConnector() });
    } catch (error) {
      setTest({ busy: false, error });
    }
  };

  return (
    <div style={{ display: 'grid', gap: 12, maxWidth: 640 }} data-testid="connector-form">
      <Field label="Connector" {...fieldState('connector.kind')}>
        <Select value={kind} onChange={(_, d) => setKind(d.value)}>
          {KINDS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label="PBX address"
        hint="e.g. https://pbx.example.com/presence, sip://pbx.example.com:5060, tcp://asterisk:5038"
        {...fieldState('connector.url')}
      >
        <Input value={url} onChange={(_, d) => setUrl(d.value)} />
      </Field>
      <Field
        label="PBX user list address"
        hint="Where the extensions and their owners are listed (optional)"
        {...fieldState('connector.usersUrl')}
      >
        <Input value={usersUrl} onChange={(_, d) => setUsersUrl(d.value)} />
      </Field>
      <Field label="User name" {...fieldState('connector.username')}>
        <Input value={username} onChange={(_, d) => setUsername(d.value)} autoComplete="off" />
      </Field>
      <WriteOnlyField label="Password" isSet={props.setup.secrets.pbxSecret} value={password} onChange={setPassword} />
      <WriteOnlyField
        label="Shared secret (webhook signature)"
        isSet={props.setup.secrets.pbxSecret}
        value={secret}
        onChange={setSecret}
        hint="At least 16 characters. Leave empty to keep the stored one."
      />
      {problems.get('connector.secret') && <Field validationMessage={problems.get('connector.secret')} validationState="error" />}
      <div style={{ display: 'flex', gap: 8 }}>
        <Button appearance="primary" onClick={save} disabled={props.saving}>
          Save connector
        </Button>
        <Button onClick={runTest} disabled={test.busy}>
          {test.busy ? 'Testing\u2026' : 'Test connection'}
        </Button>
      </div>
      {test.result && (
        <MessageBar
          intent={!test.result.ok ? 'error' : test.result.verdict === 'reachable' ? 'success' : 'warning'}
          data-testid="connector-test"
          data-verdict={test.result.verdict}
        >
          <MessageBarBody>
            <MessageBarTitle>
              {VERDICTS[test.result.verdict] ?? test.result.verdict}
              {test.result.status !== undefined && <span data-testid="connector-test-status"> (status {test.result.status})</span>}
            </MessageBarTitle>
            {test.result.message}
          </MessageBarBody>
        </MessageBar>
      )}
      <ErrorMessage error={test.error} title="The connection test did not run" />
    </div>
  );
}
