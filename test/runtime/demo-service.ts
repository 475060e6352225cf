/** A demo-mode service on a free port with a temporary data directory, for integration tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startService, type Service } from '../../src/main';

export interface DemoService {
  service: Service;
  tenantId: string;
  dataDir: string;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export async function startDemoService(env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'pb-test-'))): Promise<DemoService> {
  const settings = loadSettings({
    PORT: '0',
    PB_DATA_DIR: dataDir,
    PB_DEMO_USERS: '40',
    PB_DEMO_CHANGES_PER_MINUTE: '0',
    PB_POLL_MIN_PERIOD_MS: '200',
    PB_DEBOUNCE_MS: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const service = await startService(settings, { logger: createLogger('silent') });
  const tenantId = service.tenants.ids()[0];
  await service.directory.refreshNow(tenantId);
  return {
    service,
    tenantId,
    dataDir,
    async stop(options = {}) {
      await service.stop();
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Wait until `check` returns a truthy value, polling; fail with `what` after the deadline. */
export async function eventually<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
