/**
 * The webhook PBX's users list may carry each extension's present line state: at start-up that is how the
 * service learns what happened on the phones while it was down (a call that ended must not show again).
 */
import { ConnectorError } from '../../../src/pbx/connector';
import { parsePbxLineStates, parsePbxUserList } from '../../../src/pbx/webhook/pbx-users';
import { createWebhookConnector } from '../../../src/pbx/webhook/webhook-connector';

const secret = 'connector-secret-abcdefgh';
const now = 1_735_689_600_000;

function connectorAnswering(body: unknown, settings: Record<string, unknown> = { usersUrl: 'http://pbx.test/users' }) {
  const asked: string[] = [];
  const connector = createWebhookConnector(
    { secret, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, ...settings },
    {
      fetch: async (url, init) => {
        asked.push(`${init.method} ${url}`);
        return new Response(JSON.stringify(body), { status: 200 });
      },
      clock: { now: () => now },
    },
  );
  return { connector, asked };
}

describe('present line states from the users list', () => {
  test('reports the watched extensions the list gives a state for, with its time (or now)', async () => {
    const { connector, asked } = connectorAnswering([
      { extension: '1001', lineState: 'onCall', lineStateAt: now - 5_000 },
      { extension: '1002', lineState: 'idle' },
      { extension: '1003' },
      { extension: '1004', lineState: 'held', lineStateAt: now - 1 },
    ]);
    await connector.watch(['1001', '1002', '1003']);
    expect(await connector.presentLineStates!()).toEqual([
      { extension: '1001', state: 'onCall', at: now - 5_000 },
      { extension: '1002', state: 'idle', at: now },
    ]);
    expect(asked).toEqual(['GET http://pbx.test/users']);
  });

  test('without a users URL the connector cannot say (no method)', () => {
    expect(connectorAnswering([], { routingUrl: 'http://pbx.test/routing' }).connector.presentLineStates).toBeUndefined();
  });

  test('an unknown line state is refused with what is allowed; the same list still serves for matching', () => {
    const text = JSON.stringify([{ extension: '1001', email: 'a@contoso.com', lineState: 'talking' }]);
    expect(() => parsePbxLineStates(text, now)).toThrow(ConnectorError);
    expect(() => parsePbxLineStates(text, now)).toThrow(/"lineState" must be one of idle, ringing, onCall, held, conference, dnd, offline/);
    expect(parsePbxUserList(text)).toEqual([{ extension: '1001', email: 'a@contoso.com' }]);
  });

  test.each([
    ['a negative time', [{ extension: '1001', lineState: 'idle', lineStateAt: -1 }], /lineStateAt/],
    ['a time as text', [{ extension: '1001', lineState: 'idle', lineStateAt: 'yesterday' }], /lineStateAt/],
    ['not JSON', 'nope', /did not answer with JSON/],
  ])('%s is refused clearly', (_what, body, message) => {
    expect(() => parsePbxLineStates(typeof body === 'string' ? body : JSON.stringify(body), now)).toThrow(message);
  });
});
