/** Inside Teams: SSO token from Teams, Teams' theme and its changes, Teams' authentication popup. */
import { app, authentication } from '@microsoft/teams-js';
import { SignInError } from '../api/api-error';
import { asThemeName, type TabHost, type ThemeName } from './tab-host';
import { cachedToken } from './token-cache';

export async function createTeamsHost(): Promise<TabHost> {
  const context = await app.getContext();
  const handlers = new Set<(t: ThemeName) => void>();
  app.registerOnThemeChangeHandler((theme) => {
    for (const h of handlers) h(asThemeName(theme));
  });
  return {
    mode: 'teams',
    tenantId: context.user?.tenant?.id,
    userPrincipalName: context.user?.userPrincipalName,
    theme: asThemeName(context.app.theme),
    onThemeChange(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    getToken: cachedToken(async () => {
      try {
        return await authentication.getAuthToken();
      } catch (err) {
        throw new SignInError(`Teams did not give a sign-in token (${(err as Error).message})`);
      }
    }),
    authenticate: (url) => authentication.authenticate({ url, width: 600, height: 600 }),
  };
}
