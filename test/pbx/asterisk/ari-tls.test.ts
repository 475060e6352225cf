/**
 * ARI over TLS (`https://` REST, `wss://` events) against the ARI fake serving a certificate of a private CA
 * (the simulator's own, src/sim/tls). Without that CA the connector says the certificate is not trusted and
 * how to fix it; started with NODE_EXTRA_CA_CERTS, as src/pbx/asterisk/README.md tells admins, it connects,
 * sets routing and reports line state.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAriConnector } from '../../../src/pbx/asterisk/ari-connector';
import { SIMULATOR_CERT_FILE } from '../../../src/sim/graph';
import { AriFake } from './fakes/ari-fake';
import { waitFor } from './helpers/wait-for';

jest.setTimeout(30_000);

const PASSWORD = 's3cret';
const KEY_FILE = join(SIMULATOR_CERT_FILE, '..', 'localhost-key.pem');

describe('ARI connector over TLS', () => {
  let fake: AriFake;

  beforeAll(async () => {
    fake = new AriFake({
      password: PASSWORD,
      endpoints: [{ resource: '1001', state: 'online' }],
      tls: { certPem: readFileSync(SIMULATOR_CERT_FILE, 'utf8'), keyPem: readFileSync(KEY_FILE, 'utf8') },
    });
    await fake.start();
  });
  afterAll(() => fake.stop());

  test('a certificate from a CA Node does not know: the test says it is not trusted and names NODE_EXTRA_CA_CERTS', async () => {
    expect(fake.url).toMatch(/^https:/);
    const connector = createAriConnector({ tenantId: 'contoso', url: fake.url, username: 'bridge', password: PASSWORD });
    const result = await connector.testConnection();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(
      /TLS certificate is not trusted \((SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\).*NODE_EXTRA_CA_CERTS/,
    );
    expect(result.message).not.toContain(PASSWORD);
  });

  test('started with NODE_EXTRA_CA_CERTS it connects over wss, sets routing over https and reports line state', async () => {
    const child = fork(join(__dirname, 'helpers', 'ari-tls-child.ts'), [fake.url, PASSWORD], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, NODE_EXTRA_CA_CERTS: SIMULATOR_CERT_FILE },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const messages: { ready?: { status: string }; report?: { extension: string; state: string }; failed?: string }[] = [];
    child.on('message', (m) => messages.push(m as (typeof messages)[number]));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const ready = await waitFor(() => messages.find((m) => m.ready || m.failed), 'the child connector', 20_000);
      expect(ready).toEqual({ ready: expect.objectContaining({ status: 'connected' }) });
      expect(fake.devices.get('Stasis:teams-1001')).toBe('BUSY');
      expect(fake.requests.find((r) => r.method === 'WS')?.query).toMatchObject({ app: 'presence-bridge' });

      fake.setDeviceState('PJSIP/1001', 'INUSE');
      await waitFor(
        () => messages.some((m) => m.report?.extension === '1001' && m.report.state === 'onCall'),
        'the onCall report over wss',
        10_000,
      );
      child.send('stop');
      expect(await exited).toBe(0); // it stopped cleanly
    } finally {
      if (child.exitCode === null) child.kill();
    }
  });
});
