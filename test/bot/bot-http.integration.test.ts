import restify, { type Server } from 'restify';
import { registerBot, type RegisteredBot } from '../../bot/botbuilder-glue';
import { createAlertEngine, createMemoryAlertRepository, type AlertEngine } from '../../src/alerts';
import type { TenantStatus } from '../../src/service/admin/admin-service';
import { FakeTime } from '../graph/fake-time';
import { healthyStatus } from '../alerts/status-fixture';
import { startConnectorStandIn, type ConnectorStandIn } from './connector-stand-in';
import { ADMIN_ID, FakeAdminService, TENANT } from './fake-admin-service';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const CHANNEL = '19:alerts@thread.tacv2';

describe('the bot behind the real restify endpoint, with a stand-in Bot Connector', () => {
  let connector: ConnectorStandIn;
  let server: Server;
  let url: string;
  let bot: RegisteredBot;
  let engine: AlertEngine;
  let status: TenantStatus;
  const time = new FakeTime();

  beforeAll(async () => {
    connector = await startConnectorStandIn();
    const alerts = createMemoryAlertRepository();
    const admin = new FakeAdminService(alerts);
    status = healthyStatus(time.now());
    admin.status = async () => status;
    server = restify.createServer({ name: 'bot-test', handleUncaughtExceptions: false });
    bot = registerBot(server, {
      admin: admin as never,
      adminDirectory: { isTenantAdmin: async (_t, id) => id === ADMIN_ID },
      store: { alerts },
      logger: quiet,
      clock: time.clock,
    });
    engine = createAlertEngine({
      admin,
      repository: alerts,
      sink: bot.alertSink,
      clock: time.clock,
      scheduler: time.scheduler,
      log: quiet,
    });
    bot.useAlertEngine(engine);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${server.address().port}/api/messages`;
  });

  afterAll(async () => {
    engine.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await connector.close();
  });

  const channelMessage = (text: string) => ({
    type: 'message',
    id: `in-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: '29:admin', aadObjectId: ADMIN_ID, name: 'Adele Admin' },
    recipient: { id: '28:bot', name: 'PresenceBridge' },
    conversation: { id: `${CHANNEL};messageid=42`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2', name: 'Ops' }, channel: { id: CHANNEL, name: 'Alerts' } },
    entities: [{ type: 'mention', mentioned: { id: '28:bot', name: 'PresenceBridge' }, text: '<at>PresenceBridge</at>' }],
    text: `<at>PresenceBridge</at> ${text}`,
  });

  const post = (activity: unknown, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });

  test('a message gets its reply at the Bot Connector, in the conversation it came from', async () => {
    const before = connector.posted.length;
    const answer = await post(channelMessage('status'));
    expect(answer.status).toBe(200);
    await connector.waitFor(before + 1);
    const reply = connector.posted[before];
    expect(reply.conversationId).toBe(`${CHANNEL};messageid=42`);
    expect(JSON.stringify(reply.body.attachments)).toContain('Health');
  });

  test('an alert goes to the chosen channel as a new thread, once, and its resolution follows in that thread', async () => {
    const before = connector.posted.length;
    expect((await post(channelMessage('alerts here'))).status).toBe(200);
    await connector.waitFor(before + 1);
    expect(JSON.stringify(connector.posted[before].body)).toContain('Alerts for this tenant now come to');

    status = { ...healthyStatus(time.now()), counts: { ...status.counts, conflicts: 4 } };
    await engine.evaluate();
    const thread = connector.posted[before + 1];
    expect(thread.path).toBe('/v3/conversations');
    expect(thread.body).toMatchObject({ isGroup: true, channelData: { channel: { id: CHANNEL } }, tenantId: TENANT });
    expect(JSON.stringify(thread.body.activity)).toContain('4 mapping conflicts');

    await engine.evaluate();
    await engine.evaluate();
    expect(connector.posted).toHaveLength(before + 2);

    status = healthyStatus(time.now());
    await engine.evaluate();
    const resolved = connector.posted[before + 2];
    // The stand-in numbers threads 1000 + the request's position: the resolution is a reply in the alert's thread.
    expect(resolved.conversationId).toBe(`${CHANNEL};messageid=${1000 + before + 2}`);
    expect(JSON.stringify(resolved.body)).toContain('Resolved: 4 mapping conflicts');
    expect(connector.posted).toHaveLength(before + 3);
  });
});
