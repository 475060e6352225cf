/**
 * A simulated Teams host, offline: Playwright serves a page at https://teams.microsoft.com/_harness (an
 * origin teams-js trusts) that frames the tab and answers its postMessage calls like Teams' web client:
 * initialize, getContext (with the theme), authentication.getAuthToken, and authentication.authenticate
 * (opens the popup, and relays the popup's notifySuccess/notifyFailure back to the tab).
 */
import type { BrowserContext, Page } from 'playwright-core';

export const HARNESS_URL = 'https://teams.microsoft.com/_harness';

export interface TeamsContext {
  tenantId: string;
  userObjectId: string;
  userPrincipalName: string;
  theme: 'default' | 'dark' | 'contrast';
}

export interface HarnessOptions {
  tabUrl: string;
  token: string;
  context: TeamsContext;
}

const SDK_VERSION = '2.58.0';

function harnessHtml(o: HarnessOptions): string {
  const config = JSON.stringify({
    token: o.token,
    sdkVersion: SDK_VERSION,
    runtime: {
      apiVersion: 4,
      supports: { appEntity: {}, pages: { config: {}, backStack: {}, fullTrust: {} }, teams: { fullTrust: {} }, teamsCore: {}, dialog: {} },
    },
    context: {
      tid: o.context.tenantId,
      userObjectId: o.context.userObjectId,
      userPrincipalName: o.context.userPrincipalName,
      loginHint: o.context.userPrincipalName,
      theme: o.context.theme,
      locale: 'en-us',
      hostClientType: 'web',
      frameContext: 'content',
      entityId: 'presence-bridge-admin',
      appSessionId: 'harness-session',
    },
  }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Teams (simulated)</title></head>
<body style="margin:0">
<iframe id="tab" title="PresenceBridge" style="border:0;width:100vw;height:100vh;display:block"></iframe>
<script>
const config = ${config};
const harness = (window.__harness = { calls: [], popupOpened: 0, authResult: undefined });
let popup = null;
let pendingAuth = null;
function reply(e, args) {
  e.source.postMessage({ id: e.data.id, uuidAsString: e.data.uuidAsString, args }, e.origin);
}
function settleAuth(ok, value) {
  harness.authResult = { ok, value };
  if (pendingAuth) {
    pendingAuth.source.postMessage({ id: pendingAuth.data.id, uuidAsString: pendingAuth.data.uuidAsString, args: [ok, value] }, pendingAuth.origin);
    pendingAuth = null;
  }
  if (popup && !popup.closed) popup.close();
  popup = null;
}
window.addEventListener('message', (e) => {
  const m = e.data;
  if (!m || typeof m.func !== 'string') return;
  const fromPopup = popup !== null && e.source === popup;
  harness.calls.push((fromPopup ? 'popup:' : '') + m.func);
  switch (m.func) {
    case 'initialize':
      return reply(e, [fromPopup ? 'authentication' : 'content', 'web', JSON.stringify(config.runtime), config.sdkVersion]);
    case 'getContext':
      return reply(e, [{ ...config.context, frameContext: fromPopup ? 'authentication' : 'content' }]);
    case 'authentication.getAuthToken':
      return reply(e, [true, config.token]);
    case 'authentication.authenticate':
      pendingAuth = { source: e.source, origin: e.origin, data: m };
      harness.popupOpened += 1;
      popup = window.open(m.args[0], 'teams-auth', 'width=600,height=600');
      if (!popup) settleAuth(false, 'The popup was blocked');
      return;
    case 'authentication.authenticate.success':
      return settleAuth(true, m.args[0]);
    case 'authentication.authenticate.failure':
      return settleAuth(false, m.args[0]);
    default:
      return; // one-way notifications (appLoaded, success, registerHandler, ...)
  }
});
window.__setTeamsTheme = (theme) => document.getElementById('tab').contentWindow.postMessage({ func: 'themeChange', args: [theme] }, '*');
document.getElementById('tab').src = ${JSON.stringify(o.tabUrl)};
</script>
</body></html>`;
}

/**
 * The service as Teams would reach it: over https at a public name. Teams refuses http tabs and http popup
 * URLs (teams-js: "Url should be a valid https url"), so requests to this origin are relayed to the
 * service's loopback port by the test browser itself.
 */
export const TAB_ORIGIN = 'https://bridge.contoso.test';

/**
 * Nothing leaves the machine: loopback goes through, the harness page is served from memory, the tab's
 * https origin is relayed to the service, everything else (Teams' CDN, fonts, telemetry) is aborted.
 */
/** A trusted-looking host page that frames the tab but never answers teams-js (what initialize would wait 60 s for). */
export const SILENT_FRAME_URL = 'https://teams.microsoft.com/_silent';

export async function installOfflineRoutes(
  context: BrowserContext,
  options: { harness?: HarnessOptions; serviceUrl?: string; silentFrame?: string } = {},
): Promise<void> {
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    if (options.silentFrame && url.origin + url.pathname === SILENT_FRAME_URL) {
      const page = `<!doctype html><title>A page that frames the tab and never answers</title><iframe id="tab" style="border:0;width:100vw;height:100vh" src="${options.silentFrame}"></iframe>`;
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page });
    }
    if (options.harness && url.origin + url.pathname === HARNESS_URL) {
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: harnessHtml(options.harness) });
    }
    if (options.serviceUrl && url.origin === TAB_ORIGIN) {
      try {
        const response = await route.fetch({ url: `${options.serviceUrl}${url.pathname}${url.search}`, maxRedirects: 0 });
        return await route.fulfill({ response });
      } catch {
        return route.abort('connectionrefused').catch(() => undefined); // the page or the service went away
      }
    }
    return route.abort('blockedbyclient');
  });
}

/** Opens the tab inside the simulated Teams; returns the harness page and the tab's frame. */
export async function openInTeams(
  context: BrowserContext,
  options: HarnessOptions & { serviceUrl: string },
): Promise<{ page: Page; tab: import('playwright-core').FrameLocator }> {
  await installOfflineRoutes(context, { harness: options, serviceUrl: options.serviceUrl });
  const page = await context.newPage();
  await page.goto(HARNESS_URL);
  return { page, tab: page.frameLocator('#tab') };
}

export interface HarnessState {
  /** Every call the tab (and, prefixed "popup:", the popup) made to the host, in order. */
  calls: string[];
  popupOpened: number;
  authResult?: { ok: boolean; value: string };
}

type HarnessWindow = { __harness: HarnessState; __setTeamsTheme(theme: string): void };

export function harnessState(page: Page): Promise<HarnessState> {
  return page.evaluate(() => (globalThis as unknown as HarnessWindow).__harness);
}

/** Teams tells the tab its theme changed (the user switched Teams to dark, say). */
export function changeTeamsTheme(page: Page, theme: TeamsContext['theme']): Promise<void> {
  return page.evaluate((t) => (globalThis as unknown as HarnessWindow).__setTeamsTheme(t), theme);
}
