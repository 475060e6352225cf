/**
 * The load side of the webhook ingest benchmark (runs in the simulators' process): signed line-state events at a
 * steady rate over kept-alive connections, each timed from sending to its answer.
 */
import { Agent, request } from 'node:http';
import { signatureHeaders } from '../src/pbx/webhook/signature';

export interface WebhookLoadResult {
  sent: number;
  /** How long the sending took (the load window). */
  sendSeconds: number;
  /** Until the last answer arrived. */
  seconds: number;
  /** Answered 202. */
  accepted: number;
  statuses: Record<string, number>;
  networkErrors: number;
  latenciesMs: number[];
  firstErrors: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function sendWebhookLoad(o: {
  url: string;
  secret: string;
  extensions: string[];
  ratePerSec: number;
  durationMs: number;
}): Promise<WebhookLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const result: WebhookLoadResult = {
    sent: 0,
    sendSeconds: 0,
    seconds: 0,
    accepted: 0,
    statuses: {},
    networkErrors: 0,
    latenciesMs: [],
    firstErrors: [],
  };
  const states = ['onCall', 'idle'];
  const inFlight = new Set<Promise<void>>();
  const lastAtOf = new Map<string, number>();

  const sendOne = (i: number): Promise<void> =>
    new Promise((resolve) => {
      const extension = o.extensions[i % o.extensions.length];
      // Times rise per extension, so no two events share a body (none is a replay of another). One counter for all
      // extensions ran ahead of the clock above 1,000 events/s, and the webhook rightly refuses times from the future.
      const at = Math.max(Date.now(), (lastAtOf.get(extension) ?? 0) + 1);
      lastAtOf.set(extension, at);
      const body = JSON.stringify({ extension, state: states[Math.floor(i / o.extensions.length) % 2], at });
      const t0 = performance.now();
      const req = request(
        o.url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...signatureHeaders(o.secret, body, Date.now()),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            result.latenciesMs.push(performance.now() - t0);
            const status = String(res.statusCode);
            result.statuses[status] = (result.statuses[status] ?? 0) + 1;
            if (res.statusCode === 202) result.accepted += 1;
            else if (result.firstErrors.length < 5) result.firstErrors.push(`${status} for ${body}`);
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        result.networkErrors += 1;
        if (result.firstErrors.length < 5) result.firstErrors.push(err.message);
        resolve();
      });
      req.end(body);
    });

  const start = Date.now();
  while (Date.now() - start < o.durationMs) {
    const due = Math.floor(((Date.now() - start) / 1000) * o.ratePerSec) - result.sent;
    for (let k = 0; k < due; k += 1) {
      const p = sendOne(result.sent);
      result.sent += 1;
      inFlight.add(p);
      void p.then(() => inFlight.delete(p));
    }
    await sleep(2);
  }
  result.sendSeconds = (Date.now() - start) / 1000;
  await Promise.all([...inFlight]);
  result.seconds = (Date.now() - start) / 1000;
  agent.destroy();
  return result;
}
