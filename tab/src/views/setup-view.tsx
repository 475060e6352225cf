/** Setup: which app registration, the pool of further ones, consent, the permission check, the PBX connector, and sync per direction. */
import { Button, MessageBar, MessageBarBody, Radio, RadioGroup, Spinner, Switch, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { PermissionReport, SetupChange } from '../api/types';
import { AdminConsentButton } from '../components/admin-consent-button';
import { AppRegistrationsStep } from '../components/app-registrations-step';
import { ConnectorForm } from '../components/connector-form';
import { ErrorMessage } from '../components/error-message';
import { OwnAppForm } from '../components/own-app-form';
import { PermissionReportView } from '../components/permission-report-view';
import { Section } from '../components/section';
import { useTabServices } from '../hooks/api-context';
import { useResource } from '../hooks/use-resource';
import { claimsOf } from '../host/token-cache';

export function SetupView() {
  const { api, host } = useTabServices();
  const setup = useResource(() => api.setup());
  // Status knows the stored secret expiry (the setup answer does not carry it).
  const status = useResource((signal) => api.status(signal));
  const tenant = useResource(async () => host.tenantId ?? claimsOf(await host.getToken()).tid);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const [kind, setKind] = useState<'multiTenant' | 'ownApp'>();
  const [check, setCheck] = useState<{ report?: PermissionReport; error?: unknown; busy: boolean }>({ busy: false });

  const save = async (change: SetupChange, what: string) => {
    setSaving(true);
    setSaveError(undefined);
    setSaved(undefined);
    try {
      setup.set(await api.changeSetup(change));
      status.reload();
      setSaved(`${what} saved; sync restarted with the new settings.`);
    } catch (err) {
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  };
  const checkPermissions = async () => {
    setCheck({ busy: true });
    try {
      setCheck({ busy: false, report: await api.checkPermissions() });
    } catch (error) {
      setCheck({ busy: false, error });
    }
  };

  if (!setup.data)
    return setup.error ? <ErrorMessage error={setup.error} title="Could not load the setup" /> : <Spinner label="Loading setup" />;
  const s = setup.data;
  const appKind = kind ?? (s.appKind === 'ownApp' ? 'ownApp' : 'multiTenant');

  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="setup-view">
      {saved && (
        <MessageBar intent="success">
          <MessageBarBody>{saved}</MessageBarBody>
        </MessageBar>
      )}
      <ErrorMessage error={saveError} title="Nothing was saved" />
      <Section title="App registration">
        {s.appKind === 'demo' && (
          <Text>Demo mode: the simulated tenant's app registration is used. You can still try both ways below.</Text>
        )}
        <RadioGroup value={appKind} onChange={(_, d) => setKind(d.value as 'multiTenant' | 'ownApp')} aria-label="App registration">
          <Radio value="multiTenant" label="Our multi-tenant app (an admin grants consent once)" />
          <Radio value="ownApp" label="Your own app registration (client id and a secret or certificate)" />
        </RadioGroup>
        {appKind === 'multiTenant' ? (
          <AdminConsentButton
            onDone={(o) => {
              if (o.granted) {
                setup.reload();
                void checkPermissions();
              }
            }}
          />
        ) : (
          <OwnAppForm
            tenantId={tenant.data}
            setup={s}
            secretExpiresAt={status.data?.credential.kind === 'secret' ? status.data.credential.expiresAt : undefined}
            saving={saving}
            error={saveError}
            onSave={(c) => save(c, 'App registration')}
          />
        )}
      </Section>
      <Section
        title="Permissions"
        actions={
          <Button onClick={checkPermissions} disabled={check.busy}>
            {check.busy ? 'Checking\u2026' : 'Check permissions'}
          </Button>
        }
      >
        {!check.report && !check.error && <Text>Checks that the app gets a token and has each Microsoft Graph permission it needs.</Text>}
        {check.report && <PermissionReportView report={check.report} />}
        <ErrorMessage error={check.error} title="The check did not run" />
      </Section>
      <AppRegistrationsStep />
      <Section title="PBX connector">
        <ConnectorForm setup={s} saving={saving} error={saveError} onSave={(c) => save(c, 'Connector')} />
      </Section>
      <Section title="Sync directions">
        <Switch
          label="Teams presence -> PBX routing"
          checked={s.directions.teamsToPbx}
          disabled={saving}
          onChange={(_, d) => save({ directions: { teamsToPbx: d.checked } }, 'Teams -> PBX direction')}
        />
        <Switch
          label="PBX line state -> Teams presence"
          checked={s.directions.pbxToTeams}
          disabled={saving}
          onChange={(_, d) => save({ directions: { pbxToTeams: d.checked } }, 'PBX -> Teams direction')}
        />
      </Section>
    </div>
  );
}
