/**
 * Decides where the tab runs. `app.initialize()` rejects at once on a top-level page ("No Parent window
 * found") but hangs for 60 s inside a frame nobody answers; a short race turns both into LOCAL MODE.
 */
import { app } from '@microsoft/teams-js';
import { createLocalHost } from './local-host';
import type { TabHost } from './tab-host';
import { createTeamsHost } from './teams-host';
import { withTimeout } from './with-timeout';

export const TEAMS_INIT_TIMEOUT_MS = 4000;

export async function connectHost(timeoutMs = TEAMS_INIT_TIMEOUT_MS): Promise<TabHost> {
  try {
    await withTimeout(app.initialize(), timeoutMs, 'Teams');
  } catch (err) {
    return createLocalHost(window.parent === window ? 'opened outside Teams' : `Teams did not answer (${(err as Error).message})`);
  }
  app.notifyAppLoaded();
  const host = await createTeamsHost();
  app.notifySuccess();
  return host;
}
