/** The admin bot inside the composed service: it answers from the live tenant, and directory alerts reach the channel. */
import { startConnectorStandIn, type ConnectorStandIn } from '../../bot/connector-stand-in';
import { eventually, startDemoService, type DemoService } from '../../support/demo-service';
import { demoOf } from '../../../src/demo/demo-of';

let demo: DemoService;
let connector: ConnectorStandIn;
beforeAll(async () => {
  connector = await startConnectorStandIn();
  demo = await startDemoService();
});
afterAll(async () => {
  await demo.stop();
  await connector.close();
});

const CHANNEL = '19:alerts@thread.tacv2';
const activity = (text: string, channel: boolean) => ({
  type: 'message',
  id: `in-${Math.random()}`,
  channelId: 'msteams',
  serviceUrl: connector.url,
  from: { id: '29:admin', aadObjectId: '00000000-0000-0000-0000-00000000a11c', name: 'Adele Admin' },
  recipient: { id: '28:bot', name: 'PresenceBridge' },
  conversation: channel
    ? { id: `${CHANNEL};messageid=42`, conversationType: 'channel', isGroup: true, tenantId: demo.tenantId }
    : { id: 'a:personal-chat', conversationType: 'personal', tenantId: demo.tenantId },
  channelData: channel
    ? { tenant: { id: demo.tenantId }, team: { id: '19:team@thread.tacv2', name: 'Ops' }, channel: { id: CHANNEL, name: 'Alerts' } }
    : { tenant: { id: demo.tenantId } },
  text,
});
const post = (body: unknown) =>
  fetch(`${demo.service.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

test('"status" in a personal chat is answered with the live mapping count', async () => {
  const mapped = (await demo.service.admin.status(demo.tenantId)).counts.mapped;
  const before = connector.posted.length;
  expect((await post(activity('status', false))).status).toBe(200);
  await eventually('the reply', () => connector.posted.length > before);
  const reply = JSON.stringify(connector.posted[before].body);
  expect(connector.posted[before].conversationId).toBe('a:personal-chat');
  expect(reply).toContain(String(mapped));
});

test('a failed PBX user fetch during a directory refresh is posted into the chosen channel', async () => {
  expect((await post(activity('alerts here', true))).status).toBe(200);
  await eventually('the confirmation', () =>
    connector.posted.some((p) => JSON.stringify(p.body).includes('Alerts for this tenant now come to')),
  );
  const before = connector.posted.length;
  demoOf(demo.service).pbx.setFault({ kind: 'down' });
  const result = await demo.service.directory.refreshNow(demo.tenantId);
  expect(result.outcome).toBe('kept-last-good');
  const alert = await eventually('the alert in the channel', () =>
    connector.posted.slice(before).find((p) => p.path === '/v3/conversations' && JSON.stringify(p.body).includes('last good mapping')),
  );
  expect(JSON.stringify(alert.body)).toContain(CHANNEL);
  demoOf(demo.service).pbx.setFault({ kind: 'none' });
});

test("the bot's pause, resume and alert channel land in the audit log with the bot user's name", async () => {
  const user = (await demo.service.admin.users(demo.tenantId, { status: 'matched', limit: 1 })).rows[0];
  for (const text of [`pause ${user.userPrincipalName}`, `resume ${user.userPrincipalName}`, 'alerts off']) {
    const before = connector.posted.length;
    expect((await post(activity(text, true))).status).toBe(200);
    await eventually(`the reply to ${text}`, () => connector.posted.length > before);
  }
  const { entries } = await demo.service.admin.auditLog(demo.tenantId, { limit: 10 });
  const byBot = entries.filter((e) => e.by === 'Adele Admin').map((e) => [e.action, e.target]);
  expect(byBot.slice(0, 3)).toEqual([
    ['alertChannel.clear', 'tenant'],
    ['sync.resume', user.userId],
    ['sync.pause', user.userId],
  ]);
  expect(byBot).toContainEqual(['alertChannel.set', 'tenant']);
});
