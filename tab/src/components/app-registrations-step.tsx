/**
 * Setup's "App registrations" step: the tenant's pool (the primary plus any added), why and when to add one,
 * and the add form. A tenant with only the primary sees the explanation and the add button, nothing more.
 */
import { Button, MessageBar, MessageBarBody, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { AppRegistrationView } from '../api/types';
import { addInput } from '../format/app-registration-draft';
import { whenToAddText } from '../format/app-registration-text';
import { useApi } from '../hooks/api-context';
import { useResource } from '../hooks/use-resource';
import { AppRegistrationCard } from './app-registration-card';
import { AppRegistrationForm } from './app-registration-form';
import { ErrorMessage } from './error-message';
import { Section } from './section';

const REFRESH_MS = 10_000;

export function AppRegistrationsStep() {
  const api = useApi();
  const pool = useResource((signal) => api.appRegistrations(signal));
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [addError, setAddError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    // Use and Retry-After move: refresh while Setup is shown, like Status does.
    const timer = setInterval(() => {
      pool.reload();
      setNow(Date.now());
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [pool.reload]);

  const registrations = pool.data?.registrations ?? [];
  const replace = (next: AppRegistrationView) => pool.set({ registrations: registrations.map((r) => (r.id === next.id ? next : r)) });

  const add = async (draft: Parameters<typeof addInput>[0]): Promise<boolean> => {
    setBusy(true);
    setAddError(undefined);
    setNotice(undefined);
    try {
      const added = await api.addAppRegistration(addInput(draft));
      pool.set({ registrations: [...registrations, added] });
      setAdding(false);
      setNotice(`${added.label} added. Grant it admin consent, then check its permissions; polling uses it once it is healthy.`);
      return true;
    } catch (err) {
      setAddError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const addButton = !adding && (
    <Button
      onClick={() => {
        setAdding(true);
        setAddError(undefined);
        setNotice(undefined);
      }}
    >
      Add app registration
    </Button>
  );

  return (
    <Section title="App registrations" actions={pool.data && addButton} testId="app-registrations">
      {!pool.data && pool.loading && <Spinner size="tiny" label="Loading app registrations" />}
      <ErrorMessage error={pool.error} title="Could not load the app registrations" />
      {pool.data && registrations.length <= 1 && <Text data-testid="when-to-add">{whenToAddText(registrations[0]?.use.usersPolled)}</Text>}
      {notice && (
        <MessageBar intent="success" data-testid="registration-notice" layout="multiline">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {adding && <AppRegistrationForm mode="add" busy={busy} error={addError} onSubmit={add} onCancel={() => setAdding(false)} />}
      {registrations.length > 1 &&
        registrations.map((r) => (
          <AppRegistrationCard
            key={r.id}
            registration={r}
            now={now}
            onChanged={replace}
            onReload={pool.reload}
            onRemoved={() => {
              pool.set({ registrations: registrations.filter((x) => x.id !== r.id) });
              setNotice(`${r.label} removed; its users moved to the other registrations.`);
            }}
          />
        ))}
    </Section>
  );
}
