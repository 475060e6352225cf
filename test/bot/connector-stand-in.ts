/** A local stand-in for the Bot Connector service: records what the bot posts, answers like the real one. */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface Posted {
  method: string;
  path: string;
  conversationId?: string;
  body: Record<string, unknown>;
  authorization?: string;
}

export interface ConnectorStandIn {
  url: string;
  posted: Posted[];
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startConnectorStandIn(): Promise<ConnectorStandIn> {
  const posted: Posted[] = [];
  let seq = 0;
  const waiters: Array<() => void> = [];
  const server: Server = createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    const path = (req.url ?? '').split('?')[0];
    const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    posted.push({
      method: req.method ?? '',
      path,
      conversationId: m ? decodeURIComponent(m[1]) : undefined,
      body,
      authorization: req.headers.authorization,
    });
    waiters.splice(0).forEach((w) => w());
    seq += 1;
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST' && path === '/v3/conversations') {
      const channel = ((body.channelData as { channel?: { id?: string } }) ?? {}).channel?.id ?? 'conversation';
      res.end(JSON.stringify({ id: `${channel};messageid=${1000 + seq}`, activityId: String(1000 + seq) }));
      return;
    }
    res.end(JSON.stringify({ id: m?.[2] ?? `activity-${seq}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    posted,
    async waitFor(count) {
      while (posted.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
