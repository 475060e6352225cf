/**
 * The whole service with the SIP connector, against a real Kamailio with SIPp phones and the Graph simulator:
 * a call on the PBX shows in Teams and ends there when the call ends; Teams DND makes the PBX refuse the next
 * call with 486. The service is started through its settings, as a customer would start it: once with
 * PB_PBX_URL over UDP (the default), once with `?transport=tcp`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { startService, type Service } from '../../../src/main';
import { SIMULATOR_CERT_FILE, startGraphSimulator, type GraphSimulator, type TenantControls } from '../../../src/sim/graph';
import { eventually } from '../../support/eventually';
import { createKamailioLab, describeWithKamailio, type KamailioLab } from './kamailio-lab';
import { answerOneCall, call, registerLabPhones, type PhoneOptions } from './sipp-phones';

jest.setTimeout(60_000);

const ALICE = {
  id: randomUUID(),
  displayName: 'Alice Lab',
  userPrincipalName: 'alice@contoso.com',
  mail: 'alice@contoso.com',
  accountEnabled: true,
};
const BOB = {
  id: randomUUID(),
  displayName: 'Bob Lab',
  userPrincipalName: 'bob@contoso.com',
  mail: 'bob@contoso.com',
  accountEnabled: true,
};

describe.each(['udp', 'tcp'] as const)('over %s', (transport) =>
  describeWithKamailio('the service with the SIP connector, Kamailio, SIPp phones and the Graph simulator', () => {
    let lab: KamailioLab;
    let phones: PhoneOptions;
    let calleePort: number;
    let callerPort: number;
    let graph: GraphSimulator;
    let teams: TenantControls;
    let clientId: string;
    let service: Service;
    let tenantId: string;
    const dataDir = mkdtempSync(join(tmpdir(), 'pb-sip-service-'));

    /** Our own presence session on Bob (the one the service writes), as the simulator holds it now. */
    const ourSession = () => teams.sessionsOf(BOB.id).sessions.find((s) => s.sessionId === clientId);

    beforeAll(async () => {
      lab = await createKamailioLab();
      await lab.start();
      ({ phones, calleePort, callerPort } = await registerLabPhones(lab, '1002'));

      graph = await startGraphSimulator();
      const credentials = graph.addTenant({ users: [ALICE, BOB] });
      teams = graph.tenant(credentials.tenantId);
      clientId = credentials.clientId;
      tenantId = credentials.tenantId;
      const settings = loadSettings({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        PB_DATA_DIR: dataDir,
        PB_TENANT_ID: tenantId,
        PB_CLIENT_ID: clientId,
        PB_CLIENT_SECRET: credentials.clientSecret,
        PB_SECRET_KEY: randomBytes(32).toString('base64'),
        PB_AUTHORITY_HOST: graph.url,
        PB_GRAPH_BASE_URL: graph.url,
        PB_TLS_CA_FILE: SIMULATOR_CERT_FILE,
        PB_PBX_CONNECTOR: 'sip',
        PB_PBX_URL: transport === 'tcp' ? `sip://127.0.0.1:${lab.sipTcpPort}?transport=tcp` : `sip://127.0.0.1:${lab.sipPort}`,
        PB_POLL_MIN_PERIOD_MS: '200',
        PB_DEBOUNCE_MS: '0',
      });
      service = await startService(settings, { logger: createLogger('silent') });
      // A SIP PBX cannot list its users: the admin imports them (here straight into the store), then refreshes.
      await service.store.pbxUsers.replace(tenantId, [
        { extension: '1001', email: ALICE.mail, displayName: ALICE.displayName },
        { extension: '1002', email: BOB.mail, displayName: BOB.displayName },
      ]);
      await service.directory.refreshNow(tenantId);
      expect((await service.store.mappings.list(tenantId)).map((m) => [m.userId, m.extension]).sort()).toEqual(
        [
          [ALICE.id, '1001'],
          [BOB.id, '1002'],
        ].sort(),
      );
      await eventually('the SIP connector to watch both extensions', async () => {
        const health = await service.health();
        return JSON.stringify(health).includes('2 of 2 subscriptions active') ? health : undefined;
      });
    });

    afterAll(async () => {
      await service?.stop();
      await graph?.close();
      await lab?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('a call to 1002 shows Bob "In a call" in Teams while it lasts, and the session is cleared when it ends', async () => {
      expect(ourSession()).toBeUndefined();
      const seen: string[] = [];
      let watching = true;
      const watcher = (async () => {
        while (watching) {
          const s = ourSession();
          const now = s ? `${s.availability}/${s.activity}` : 'none';
          if (seen.at(-1) !== now) seen.push(now);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();

      const callee = answerOneCall({ ...phones, phonePort: calleePort, ringMs: 300 });
      const caller = await call({ ...phones, caller: '1001', callee: '1002', expect: 'answered', talkMs: 1500, phonePort: callerPort });
      expect(caller).toEqual({ code: 0, errors: '' });
      expect((await callee.done).code).toBe(0);
      await eventually('our session on Bob to be cleared after the call', () => (ourSession() === undefined ? true : undefined));
      watching = false;
      await watcher;

      expect(seen).toEqual(['none', 'Busy/InACall', 'none']);
      const trace = await service.store.trace.forUser(tenantId, BOB.id, 50);
      expect(trace.map((e) => e.event).join('\n')).toMatch(/line onCall \(1002/);
    });

    test('Teams DoNotDisturb for Bob: the PBX answers the next call to 1002 with 486, and rings again once Bob is Available', async () => {
      teams.setUserPresence(BOB.id, 'DoNotDisturb', 'DoNotDisturb');
      await eventually(
        'routing dnd decided for 1002',
        () => service.engine.snapshot(tenantId).find((s) => s.userId === BOB.id)?.routingSent?.state === 'dnd' || undefined,
      );
      await service.engine.idle(); // the PUBLISH is answered: Kamailio holds the busy PIDF now
      expect(await call({ ...phones, caller: '1001', callee: '1002', expect: 'busy', phonePort: callerPort })).toEqual({
        code: 0,
        errors: '',
      });

      teams.setUserPresence(BOB.id, 'Available', 'Available');
      await eventually(
        'routing available decided for 1002',
        () => service.engine.snapshot(tenantId).find((s) => s.userId === BOB.id)?.routingSent?.state === 'available' || undefined,
      );
      await service.engine.idle();
      const callee = answerOneCall({ ...phones, phonePort: calleePort, ringMs: 200 });
      expect(await call({ ...phones, caller: '1001', callee: '1002', expect: 'answered', talkMs: 300, phonePort: callerPort })).toEqual({
        code: 0,
        errors: '',
      });
      expect((await callee.done).code).toBe(0);
    });
  }),
);
