/** A demo-mode service on a free port with a temporary data directory, for integration tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startService, type Service } from '../../src/main';

export { eventually } from './eventually';

export interface DemoService {
  service: Service;
  tenantId: string;
  dataDir: string;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export async function startDemoService(
  env: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'pb-test-')),
): Promise<DemoService> {
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
