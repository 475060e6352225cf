/** "Remove Presence pool 2": asks first, says what happens to its users, and shows the service's refusal in place. */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
} from '@fluentui/react-components';
import { useState } from 'react';
import { ErrorMessage } from './error-message';

export function RemoveRegistrationDialog(props: { label: string; onRemove(): Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onRemove();
      setOpen(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        setOpen(d.open);
        setError(undefined);
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button aria-label={`Remove ${props.label}`}>Remove</Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Remove {props.label}?</DialogTitle>
          <DialogContent>
            PresenceBridge stops using this app registration at once; the users it polls move to the other registrations. The app
            registration itself stays in Entra ID (delete it there if it is no longer needed).
            <ErrorMessage error={error} title="Not removed" />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={remove} disabled={busy}>
              {busy ? 'Removing\u2026' : `Remove ${props.label}`}
            </Button>
            <DialogTrigger disableButtonEnhancement>
              <Button disabled={busy}>Keep it</Button>
            </DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
