/**
 * The channel tab's configuration page: Teams shows it when the tab is added to a channel. There is nothing
 * to choose; it tells Teams where the tab lives and lets the user press Save.
 */
import { FluentProvider, Text, webLightTheme } from '@fluentui/react-components';
import { app, pages } from '@microsoft/teams-js';
import { createRoot } from 'react-dom/client';
import { fluentTheme } from '../theme/fluent-theme';
import { asThemeName } from '../host/tab-host';
import { withTimeout } from '../host/with-timeout';

const root = createRoot(document.getElementById('root')!);
const page = (theme = webLightTheme, inTeams = true) =>
  root.render(
    <FluentProvider theme={theme} style={{ padding: 24, minHeight: '100%' }}>
      <Text>
        {inTeams
          ? 'PresenceBridge adds its admin tab to this channel: status, users, rules and setup. Press Save.'
          : 'This page is shown by Teams when the PresenceBridge tab is added to a channel.'}
      </Text>
    </FluentProvider>,
  );

async function configure(): Promise<void> {
  await withTimeout(app.initialize(), 4000, 'Teams');
  const context = await app.getContext();
  page(fluentTheme(asThemeName(context.app.theme)));
  const base = new URL(import.meta.env.BASE_URL, window.location.origin).href;
  pages.config.registerOnSaveHandler((save) => {
    pages.config
      .setConfig({
        entityId: 'presence-bridge-admin',
        contentUrl: `${base}index.html`,
        websiteUrl: `${base}index.html`,
        suggestedDisplayName: 'PresenceBridge',
      })
      .then(
        () => save.notifySuccess(),
        (err: Error) => save.notifyFailure(err.message),
      );
  });
  pages.config.setValidityState(true);
}

page();
configure().catch(() => page(webLightTheme, false));
