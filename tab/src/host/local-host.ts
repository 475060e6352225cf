/**
 * LOCAL MODE: the tab was opened outside Teams (a browser on the demo service). The token comes from the
 * service's local issuer, which only demo mode offers; the consent popup is a plain browser window.
 */
import { SignInError } from '../api/api-error';
import { CONSENT_MESSAGE_TYPE, isConsentMessage } from './consent-message';
import { asThemeName, type TabHost, type ThemeName } from './tab-host';
import { cachedToken } from './token-cache';

export function createLocalHost(reason: string): TabHost {
  const params = new URLSearchParams(window.location.search);
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  const theme: ThemeName = asThemeName(params.get('theme') ?? (dark ? 'dark' : 'default'));
  return {
    mode: 'local',
    localReason: reason,
    theme,
    // No host to tell us; the ?theme= parameter or the browser's preference decides once.
    onThemeChange: () => () => undefined,
    getToken: cachedToken(fetchDemoToken),
    authenticate: openConsentWindow,
  };
}

async function fetchDemoToken(): Promise<string> {
  let res: Response;
  try {
    res = await fetch('/api/demo/token?role=admin', { headers: { accept: 'application/json' } });
  } catch {
    throw new SignInError('the service did not answer /api/demo/token');
  }
  if (!res.ok)
    throw new SignInError(
      `outside Teams only demo mode can sign you in, and /api/demo/token answered ${res.status}; open the tab inside Teams`,
    );
  const body = (await res.json()) as { token?: unknown; accessToken?: unknown };
  const token = body.token ?? body.accessToken;
  if (typeof token !== 'string') throw new SignInError('/api/demo/token gave no token');
  return token;
}

function openConsentWindow(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const popup = window.open(url, 'presence-bridge-consent', 'width=600,height=600');
    if (!popup) {
      reject(new Error('The browser blocked the consent window. Allow pop-ups for this site and try again.'));
      return;
    }
    const done = () => {
      window.removeEventListener('message', onMessage);
      clearInterval(watch);
    };
    const onMessage = (e: MessageEvent) => {
      if (e.origin !== window.location.origin || !isConsentMessage(e.data) || e.data.type !== CONSENT_MESSAGE_TYPE) return;
      done();
      resolve(JSON.stringify(e.data.outcome));
    };
    const watch = setInterval(() => {
      if (popup.closed) {
        done();
        reject(new Error('The consent window was closed before it finished. Open it again to grant consent.'));
      }
    }, 500);
    window.addEventListener('message', onMessage);
  });
}
