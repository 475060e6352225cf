/** Posts the simulated PBX's line-state changes, signed, in the default mapping's shape `{extension, state, at}`. */
import type { Clock } from '../sim-clock';
import type { LineRecord } from './sim-lines';
import { signedHeaders } from './webhook-signature';

export type LineEventDelivery =
  { sent: false; reason: string } | { sent: true; status: number; body: string } | { sent: true; status: 'failed'; error: string };

export interface LineEventSender {
  send(record: LineRecord): Promise<LineEventDelivery>;
  setUrl(url: string | undefined): void;
}

export function createLineEventSender(options: { secret: string; url?: string; clock: Clock; timeoutMs?: number }): LineEventSender {
  let url = options.url;
  return {
    setUrl(next) {
      url = next;
    },
    async send(record) {
      if (url === undefined) return { sent: false, reason: 'no lineStateWebhookUrl configured' };
      const body = JSON.stringify({ extension: record.extension, state: record.state, at: record.at });
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...signedHeaders(options.secret, body, options.clock.now()) },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
        return { sent: true, status: response.status, body: await response.text() };
      } catch (error) {
        return { sent: true, status: 'failed', error: (error as Error).message };
      }
    },
  };
}
