/**
 * One app registration of the pool: health (with the problem and its fix), consent, credential expiry, its use
 * of Graph's budget, and its actions, each named for the registration ("Remove Presence pool 2").
 */
import { Badge, Button, Caption1, Field, Input, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { problemsByPath } from '../api/api-error';
import type { AppRegistrationChange, AppRegistrationView, PermissionReport } from '../api/types';
import { credentialChange, onScreenText, type RegistrationDraft } from '../format/app-registration-draft';
import { HEALTH_BADGE, consentText, permissionsText, problemText, retryAfterText } from '../format/app-registration-text';
import { countText, timeText } from '../format/format';
import { useApi } from '../hooks/api-context';
import { AdminConsentButton } from './admin-consent-button';
import { AppRegistrationForm } from './app-registration-form';
import { CredentialExpiry } from './credential-expiry';
import { ErrorMessage } from './error-message';
import { PermissionReportView } from './permission-report-view';
import { RegistrationUseBar } from './registration-use-bar';
import { RemoveRegistrationDialog } from './remove-registration-dialog';
import { StatGrid } from './stat-grid';

const useStyles = makeStyles({
  card: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
  head: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'start' },
});

type Panel = 'credential' | 'rename' | undefined;

export function AppRegistrationCard(props: {
  registration: AppRegistrationView;
  now: number;
  onChanged(next: AppRegistrationView): void;
  onRemoved(): void;
  onReload(): void;
}) {
  const r = props.registration;
  const api = useApi();
  const s = useStyles();
  const [panel, setPanel] = useState<Panel>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [check, setCheck] = useState<{ report?: PermissionReport; error?: unknown; busy: boolean }>({ busy: false });
  const [label, setLabel] = useState(r.label);
  const health = HEALTH_BADGE[r.health] ?? HEALTH_BADGE.unchecked;
  const problem = problemText(r.problem);
  const retryAfter = retryAfterText(r.use.retryAfterUntil, props.now);

  const open = (next: Panel) => {
    setPanel((p) => (p === next ? undefined : next));
    setError(undefined);
    setLabel(r.label);
  };
  const change = async (c: AppRegistrationChange, what: string): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      props.onChanged(await api.changeAppRegistration(r.id, c));
      setPanel(undefined);
      setSaved(`${what} saved.`);
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const [saved, setSaved] = useState<string>();
  const checkPermissions = async () => {
    setCheck({ busy: true });
    try {
      setCheck({ busy: false, report: await api.checkAppRegistration(r.id) });
      props.onReload();
    } catch (err) {
      setCheck({ busy: false, error: err });
    }
  };
  const labelAnswer = problemsByPath(error).get('label');
  const labelProblem = labelAnswer === undefined ? undefined : onScreenText(labelAnswer);

  return (
    <article className={s.card} aria-label={r.label} data-testid="app-registration" data-id={r.id} data-health={r.health}>
      <div className={s.head}>
        <Text weight="semibold" size={400} as="h3" style={{ margin: 0 }}>
          {r.label}
        </Text>
        {r.primary && (
          <Badge appearance="filled" color="brand">
            primary
          </Badge>
        )}
        <Badge appearance="tint" color={health.color} data-testid="registration-health">
          {health.label}
        </Badge>
        <Badge appearance="outline" color={r.consent === 'granted' ? 'success' : r.consent === 'refused' ? 'danger' : 'informative'}>
          {consentText(r.consent)}
        </Badge>
      </div>
      <Caption1>
        Application (client) ID: <code>{r.clientId}</code>
      </Caption1>
      {problem && (
        <MessageBar intent={r.health === 'failing' ? 'error' : 'warning'} layout="multiline" data-testid="registration-problem">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      <CredentialExpiry credential={r.credential} multiline />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'start' }}>
        <div style={{ paddingTop: 6 }}>
          <RegistrationUseBar registration={r} />
        </div>
        <div style={{ flex: '1 1 24em' }}>
          <StatGrid
            items={[
              ['Users polled', countText(r.use.usersPolled)],
              ['Presence writes, last 30 s', countText(r.use.writesLast30s)],
              ['Throttled (429) so far', countText(r.use.throttledTotal)],
            ]}
          />
        </div>
      </div>
      {retryAfter && <Text data-testid="registration-retry-after">{retryAfter}</Text>}
      {r.permissions && (
        <Text size={200} data-testid="registration-permissions">
          Permissions checked {timeText(r.permissions.checkedAt)}: {permissionsText(r.permissions)}
        </Text>
      )}
      {saved && (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>{saved}</MessageBarBody>
        </MessageBar>
      )}
      <div className={s.actions}>
        <Button onClick={checkPermissions} disabled={check.busy} aria-label={`Check permissions of ${r.label}`}>
          {check.busy ? 'Checking\u2026' : 'Check permissions'}
        </Button>
        {!r.primary && (
          <>
            <Button onClick={() => open('rename')} aria-expanded={panel === 'rename'} aria-label={`Rename ${r.label}`}>
              Rename
            </Button>
            <Button onClick={() => open('credential')} aria-expanded={panel === 'credential'} aria-label={`New secret for ${r.label}`}>
              New secret
            </Button>
            <AdminConsentButton
              registration={{ id: r.id, label: r.label }}
              onDone={(o) => {
                props.onReload();
                if (o.granted) void checkPermissions();
              }}
            />
            <RemoveRegistrationDialog
              label={r.label}
              onRemove={async () => {
                await api.removeAppRegistration(r.id);
                props.onRemoved();
              }}
            />
          </>
        )}
      </div>
      {r.primary && (
        <Caption1 data-testid="primary-note">
          The primary registration is the one named in App registration above: its consent and credential are changed there. It cannot be
          renamed or removed, because the tenant&apos;s setup uses it.
        </Caption1>
      )}
      {panel === 'rename' && (
        <form
          style={{ display: 'flex', gap: 8, alignItems: 'start', flexWrap: 'wrap' }}
          aria-label={`Rename ${r.label}`}
          onSubmit={(e) => {
            e.preventDefault();
            void change({ label: label.trim() }, 'Name');
          }}
        >
          <Field
            label={`New name for ${r.label}`}
            validationMessage={labelProblem}
            validationState={labelProblem ? 'error' : 'none'}
            style={{ minWidth: 260 }}
          >
            <Input value={label} onChange={(_, d) => setLabel(d.value)} />
          </Field>
          <div style={{ display: 'flex', gap: 8, paddingTop: 26 }}>
            <Button appearance="primary" type="submit" disabled={busy}>
              Save name
            </Button>
            <Button onClick={() => setPanel(undefined)} disabled={busy}>
              Cancel
            </Button>
          </div>
          {!labelProblem && <ErrorMessage error={error} title="Not renamed" />}
        </form>
      )}
      {panel === 'credential' && (
        <AppRegistrationForm
          mode="credential"
          name={r.label}
          stored={r.credential}
          busy={busy}
          error={error}
          onSubmit={(d: RegistrationDraft) => change(credentialChange(d), 'New credential')}
          onCancel={() => setPanel(undefined)}
        />
      )}
      {check.report && <PermissionReportView report={check.report} />}
      <ErrorMessage error={check.error} title="The check did not run" />
    </article>
  );
}
