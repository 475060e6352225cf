/**
 * One world per browser suite: the real service in demo mode (the tab's files at /tab/, the admin API, the
 * simulated Graph/Entra and PBX), and one Chromium. Tests open pages in fresh contexts, inside the simulated
 * Teams host or as a plain browser tab (local mode), and save screenshots under artifacts/screenshots/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { loadSettings } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { startService, type Service } from '../../../src/main';
import { launchChromium } from './chromium';
import { installOfflineRoutes, openInTeams, SILENT_FRAME_URL, TAB_ORIGIN, type TeamsContext } from './teams-harness';

const ROOT = resolve(__dirname, '../../..');
export const SCREENSHOTS = join(ROOT, 'artifacts', 'screenshots');

export interface AdminIdentity {
  token: string;
  tenantId: string;
  upn: string;
}

/** Who the simulated Teams signs in: the admin (default) or a plain user. */
export interface SignedIn {
  token: string;
  userId: string;
  upn: string;
}

export interface TabWorld {
  service: Service;
  tenantId: string;
  browser: Browser;
  /** http://127.0.0.1:<port>/tab/ (local mode); inside Teams the tab is at TAB_ORIGIN/tab/. */
  tabUrl: string;
  admin: AdminIdentity;
  /** The tab inside the simulated Teams host. */
  openInTeams(options?: {
    theme?: TeamsContext['theme'];
    hash?: string;
    as?: SignedIn;
  }): Promise<{ context: BrowserContext; page: Page; tab: FrameLocator; frame(): Frame }>;
  /** The tab in a frame whose parent never answers teams-js. */
  openInSilentFrame(): Promise<{ context: BrowserContext; page: Page; tab: FrameLocator }>;
  /** The tab opened directly in the browser, outside Teams. */
  openLocal(options?: { hash?: string; query?: string }): Promise<{ context: BrowserContext; page: Page }>;
  /** A plain user of the demo directory (not an admin), signed in by object id. */
  signInAsUser(user: { userId: string; userPrincipalName?: string }): Promise<SignedIn>;
  /** The admin API, called like the tab calls it. */
  api<T>(path: string, init?: { method?: string; json?: unknown; csv?: string }): Promise<T>;
  /** A whole page, or one element (a part of the tab below the Teams frame's fold). */
  screenshot(target: Page | Locator, name: string): Promise<string>;
  close(): Promise<void>;
}

/** Builds tab/dist when it is missing or older than its sources (CI runs jest without the npm pretest hook). */
export function ensureTabBuilt(): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-tab.mjs'), '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the admin tab did not build:\n${result.stdout}\n${result.stderr}`);
}

export async function startTabWorld(env: Record<string, string> = {}): Promise<TabWorld> {
  ensureTabBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-e2e-'));
  const settings = loadSettings({
    PORT: '0',
    PB_DATA_DIR: dataDir,
    PB_DEMO_USERS: '60',
    PB_DEMO_CHANGES_PER_MINUTE: '0',
    PB_POLL_MIN_PERIOD_MS: '300',
    PB_DEBOUNCE_MS: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const service = await startService(settings, { logger: createLogger('silent') });
  const contexts: BrowserContext[] = [];
  let browser: Browser | undefined;
  try {
    const tenantId = service.tenants.ids()[0];
    await service.directory.refreshNow(tenantId);
    browser = await launchChromium();
    const baseUrl = service.url.replace('localhost', '127.0.0.1');
    const tabUrl = `${baseUrl}/tab/`;
    const tokenAnswer = (await (await fetch(`${baseUrl}/api/demo/token?role=admin`)).json()) as {
      token: string;
      tenantId: string;
      upn: string;
    };
    const admin: AdminIdentity = { token: tokenAnswer.token, tenantId: tokenAnswer.tenantId, upn: tokenAnswer.upn };
    mkdirSync(SCREENSHOTS, { recursive: true });

    const newContext = async () => {
      // The simulated Entra's consent page is HTTPS with a certificate of its own.
      const context = await browser!.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      return context;
    };
    const world: TabWorld = {
      service,
      tenantId,
      browser,
      tabUrl,
      admin,
      async openInTeams(options = {}) {
        const context = await newContext();
        const { page, tab } = await openInTeams(context, {
          serviceUrl: baseUrl,
          tabUrl: `${TAB_ORIGIN}/tab/${options.hash ? `#${options.hash}` : ''}`,
          token: options.as?.token ?? admin.token,
          context: {
            tenantId,
            userObjectId: options.as?.userId ?? '00000000-0000-4000-8000-00000000ad01',
            userPrincipalName: options.as?.upn ?? admin.upn,
            theme: options.theme ?? 'default',
          },
        });
        const frame = () => page.frames().find((f) => f.url().startsWith(`${TAB_ORIGIN}/tab/`))!;
        return { context, page, tab, frame };
      },
      async openInSilentFrame() {
        const context = await newContext();
        await installOfflineRoutes(context, { serviceUrl: baseUrl, silentFrame: `${TAB_ORIGIN}/tab/` });
        const page = await context.newPage();
        await page.goto(SILENT_FRAME_URL);
        return { context, page, tab: page.frameLocator('#tab') };
      },
      async openLocal(options = {}) {
        const context = await newContext();
        await installOfflineRoutes(context);
        const page = await context.newPage();
        await page.goto(`${tabUrl}${options.query ? `?${options.query}` : ''}${options.hash ? `#${options.hash}` : ''}`);
        return { context, page };
      },
      async signInAsUser(user) {
        const answer = (await (await fetch(`${baseUrl}/api/demo/token?role=user&userId=${encodeURIComponent(user.userId)}`)).json()) as {
          token: string;
        };
        return { token: answer.token, userId: user.userId, upn: user.userPrincipalName ?? user.userId };
      },
      async api<T>(path: string, init: { method?: string; json?: unknown; csv?: string } = {}) {
        const headers: Record<string, string> = { authorization: `Bearer ${admin.token}` };
        let body: string | undefined;
        if (init.json !== undefined) {
          headers['content-type'] = 'application/json';
          body = JSON.stringify(init.json);
        } else if (init.csv !== undefined) {
          headers['content-type'] = 'text/csv';
          body = init.csv;
        }
        const res = await fetch(`${baseUrl}${path}`, { method: init.method ?? 'GET', headers, body });
        const text = await res.text();
        if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${text}`);
        return (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
      },
      async screenshot(target, name) {
        const path = join(SCREENSHOTS, `${name}.png`);
        if ('goto' in target) await target.screenshot({ path, fullPage: true });
        else await target.screenshot({ path });
        return path;
      },
      async close() {
        for (const c of contexts) await c.close().catch(() => undefined);
        await browser?.close();
        await service.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
    return world;
  } catch (err) {
    await browser?.close();
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
