/** The admin tab: find out where we run (Teams or local mode), then render. */
import { FluentProvider, Spinner, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { connectHost } from './host/connect-host';

const root = createRoot(document.getElementById('root')!);
root.render(
  <FluentProvider theme={webLightTheme}>
    <Spinner label="Connecting to Teams" style={{ marginTop: 48 }} />
  </FluentProvider>,
);

connectHost().then(
  (host) => root.render(<App host={host} />),
  (err: Error) => root.render(<p role="alert">PresenceBridge could not start: {err.message}</p>),
);
