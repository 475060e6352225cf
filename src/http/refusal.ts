/** The answer every HTTP-edge refusal sends: the same `{ error, message }` shape as the admin API and the webhook. */
import type { Response } from 'restify';

export function sendRefusal(res: Response, status: number, error: string, message: string): void {
  if (res.headersSent) return;
  res.header('cache-control', 'no-store');
  // The unread body is drained, not kept; the connection is not reused for a client that sent what we refuse.
  res.header('connection', 'close');
  res.send(status, { error, message });
}
