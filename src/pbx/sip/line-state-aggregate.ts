/**
 * Dialogs -> one line state (pbx.md gotcha 4): any confirmed dialog that is not held -> onCall;
 * else any confirmed (all held) -> held; else any trying/proceeding/early -> ringing; else idle.
 * Finished (terminated) dialogs count for nothing.
 */
import type { LineState } from '../../sync/states';
import type { DialogEntry, DialogInfoDocument } from './dialog-info';

export function aggregateLineState(dialogs: readonly DialogEntry[]): LineState {
  const live = dialogs.filter((d) => d.state !== 'terminated');
  const confirmed = live.filter((d) => d.state === 'confirmed');
  if (confirmed.some((d) => !d.held)) return 'onCall';
  if (confirmed.length > 0) return 'held';
  if (live.length > 0) return 'ringing';
  return 'idle';
}

/**
 * The dialogs of one subscription, kept across NOTIFYs: a full document replaces the list, a partial
 * one updates the dialogs it names; terminated dialogs are dropped. Documents must come in version
 * order (RFC 4235 4.1): an older or repeated version is ignored.
 */
export class DialogBook {
  private dialogs = new Map<string, DialogEntry>();
  private version?: number;

  /** Returns false when the document was ignored as stale. */
  apply(document: DialogInfoDocument): boolean {
    if (this.version !== undefined && document.version <= this.version) return false;
    this.version = document.version;
    if (document.kind === 'full') this.dialogs.clear();
    for (const dialog of document.dialogs) {
      if (dialog.state === 'terminated') this.dialogs.delete(dialog.id);
      else this.dialogs.set(dialog.id, dialog);
    }
    return true;
  }

  lineState(): LineState {
    return aggregateLineState([...this.dialogs.values()]);
  }
}
