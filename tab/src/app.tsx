/** The tab's shell: theme, local-mode banner, and one view per admin task. */
import { FluentProvider, makeStyles, Spinner, Tab, TabList, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { createAdminApi } from './api/admin-api';
import { createHttpClient } from './api/http-client';
import { ErrorMessage } from './components/error-message';
import { LocalModeBanner } from './components/local-mode-banner';
import { TabServicesContext } from './hooks/api-context';
import { useResource } from './hooks/use-resource';
import type { TabHost, ThemeName } from './host/tab-host';
import { fluentTheme } from './theme/fluent-theme';
import { AuditView } from './views/audit-view';
import { RulesView } from './views/rules-view';
import { SetupView } from './views/setup-view';
import { StatusView } from './views/status-view';
import { TraceView } from './views/trace-view';
import { UsersView } from './views/users-view';

/** An admin's views; a plain user sees only their own trace (the service refuses them the rest). */
export const VIEWS = ['status', 'users', 'rules', 'setup', 'trace', 'audit'] as const;
export type ViewName = (typeof VIEWS)[number];

const TITLES: Record<ViewName, string> = {
  status: 'Status',
  users: 'Users',
  rules: 'Rules',
  setup: 'Setup',
  trace: 'Trace',
  audit: 'Audit',
};

const useStyles = makeStyles({
  root: { minHeight: '100%', backgroundColor: tokens.colorNeutralBackground2, color: tokens.colorNeutralForeground1 },
  page: { display: 'grid', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL, maxWidth: '1200px' },
});

function viewFromHash(): ViewName {
  const name = window.location.hash.replace(/^#/, '').split('/')[0];
  return (VIEWS as readonly string[]).includes(name) ? (name as ViewName) : 'status';
}

export function App({ host }: { host: TabHost }) {
  const s = useStyles();
  const [theme, setTheme] = useState<ThemeName>(host.theme);
  const [view, setView] = useState<ViewName>(viewFromHash);
  const [traceUser, setTraceUser] = useState<string>();
  const api = useMemo(() => createAdminApi(createHttpClient(host.getToken)), [host]);
  const services = useMemo(() => ({ api, host }), [api, host]);
  const me = useResource((signal) => api.me(signal));

  useEffect(() => host.onThemeChange(setTheme), [host]);
  useEffect(() => {
    const onHash = () => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = (next: ViewName) => {
    setView(next);
    history.replaceState(null, '', `#${next}`);
  };
  const openTrace = (userId: string) => {
    setTraceUser(userId);
    go('trace');
  };

  return (
    <FluentProvider theme={fluentTheme(theme)} className={s.root} data-theme={theme}>
      <TabServicesContext.Provider value={services}>
        <div className={s.page}>
          {host.mode === 'local' && <LocalModeBanner reason={host.localReason} />}
          {me.loading && !me.data && <Spinner label="Signing in" />}
          <ErrorMessage error={me.error} title="Could not sign you in" />
          {me.data && !me.data.isAdmin && (
            <>
              <TabList selectedValue="mine" aria-label="PresenceBridge">
                <Tab value="mine">My trace</Tab>
              </TabList>
              <main>
                <TraceView userId={me.data.userId} onPick={() => undefined} mine />
              </main>
            </>
          )}
          {me.data?.isAdmin && (
            <>
              <TabList selectedValue={view} onTabSelect={(_, d) => go(d.value as ViewName)} aria-label="PresenceBridge admin">
                {VIEWS.map((v) => (
                  <Tab key={v} value={v}>
                    {TITLES[v]}
                  </Tab>
                ))}
              </TabList>
              <main>
                {view === 'status' && <StatusView />}
                {view === 'users' && <UsersView onTrace={openTrace} />}
                {view === 'rules' && <RulesView />}
                {view === 'setup' && <SetupView />}
                {view === 'trace' && <TraceView userId={traceUser} onPick={setTraceUser} />}
                {view === 'audit' && <AuditView />}
              </main>
            </>
          )}
        </div>
      </TabServicesContext.Provider>
    </FluentProvider>
  );
}
