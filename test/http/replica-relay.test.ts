/**
 * A request whose tenant is known only from its body (the bot's activity) is relayed, after the body was read,
 * to the replica running the tenant, with its headers, its body and the replicas' forward mark; otherwise it is
 * served here (src/http/replica-forwarding.ts).
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { forwardToOwningReplica, REPLICA_FORWARD_HEADER, type ParsedRequestRelay } from '../../src/http/replica-forwarding';
import { createLogger } from '../../src/logger';

const SECRET = 'replica-secret-for-the-test';

describe('relaying a request whose body was read', () => {
  let owner: HttpServer;
  let front: restify.Server;
  let frontUrl: string;
  const seen: { headers: IncomingMessage['headers']; body: string; url?: string }[] = [];

  beforeAll(async () => {
    owner = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), url: req.url });
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ servedBy: 'owner' }));
      });
    });
    await new Promise<void>((resolve) => owner.listen(0, '127.0.0.1', resolve));
    const ownerUrl = `http://127.0.0.1:${(owner.address() as AddressInfo).port}`;

    front = restify.createServer();
    const relay: ParsedRequestRelay = forwardToOwningReplica(front, {
      secret: SECRET,
      logger: createLogger('silent'),
      ownerUrl: (tenantId) => (tenantId === 't-elsewhere' ? ownerUrl : undefined),
    });
    front.post('/api/messages', restify.plugins.bodyParser({ mapParams: false }), async (req, res) => {
      const tenantId = (req.body as { conversation?: { tenantId?: string } }).conversation?.tenantId ?? '';
      if (await relay(req, res, tenantId, req.body)) return;
      res.json(200, { servedBy: 'here' });
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    front?.close();
    await new Promise<void>((resolve) => owner?.close(() => resolve()));
  });

  const post = (tenantId: string, headers: Record<string, string> = {}) =>
    fetch(`${frontUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bot-connector-token', ...headers },
      body: JSON.stringify({ type: 'message', text: 'status', conversation: { tenantId } }),
    });

  test("an activity for a tenant run elsewhere gets the owner's answer; the owner gets its body, token and the forward mark", async () => {
    seen.length = 0;
    const answer = await post('t-elsewhere');
    expect(answer.status).toBe(201);
    expect(await answer.json()).toEqual({ servedBy: 'owner' });
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0].body)).toEqual({ type: 'message', text: 'status', conversation: { tenantId: 't-elsewhere' } });
    expect(seen[0].url).toBe('/api/messages');
    expect(seen[0].headers.authorization).toBe('Bearer bot-connector-token');
    expect(seen[0].headers[REPLICA_FORWARD_HEADER]).toBe(SECRET);
    expect(Number(seen[0].headers['content-length'])).toBe(Buffer.byteLength(seen[0].body));
  });

  test.each([
    ['a tenant this replica runs (or nobody holds)', 't-here', {}],
    ['a request relayed once already (never relayed twice)', 't-elsewhere', { [REPLICA_FORWARD_HEADER]: SECRET }],
  ])('%s is served here', async (_name, tenantId, headers) => {
    seen.length = 0;
    const answer = await post(tenantId, headers);
    expect(await answer.json()).toEqual({ servedBy: 'here' });
    expect(seen).toHaveLength(0);
  });

  test('a forward mark with the wrong secret does not stop the relay', async () => {
    seen.length = 0;
    const answer = await post('t-elsewhere', { [REPLICA_FORWARD_HEADER]: 'guessed' });
    expect(await answer.json()).toEqual({ servedBy: 'owner' });
    expect(seen[0].headers[REPLICA_FORWARD_HEADER]).toBe(SECRET);
  });
});
