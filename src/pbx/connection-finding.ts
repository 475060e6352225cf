/** A failed connection test's error, read as a verdict (connection-verdict.ts) without the far side's words. */
import type { ConnectionFinding } from './connection-verdict';
import { outboundRefusalIn } from './outbound-guard';
import { certificateProblem } from './tls-trust';

type ErrorLike = { name?: unknown; code?: unknown; message?: unknown; status?: unknown; cause?: unknown };

function chain(error: unknown): ErrorLike[] {
  const links: ErrorLike[] = [];
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 6; e = (e as ErrorLike).cause, depth++)
    links.push(e as ErrorLike);
  return links;
}

/** The verdict on a failed connection test, from the error the connector caught. */
export function findingOf(error: unknown): ConnectionFinding {
  const refusal = outboundRefusalIn(error);
  if (refusal) return { verdict: 'notAllowed', detail: refusal.message };
  const certificate = certificateProblem(error);
  if (certificate) return { verdict: 'tlsProblem', detail: certificate };
  const links = chain(error);
  const status = links.map((e) => e.status).find((s): s is number => typeof s === 'number' && s >= 100 && s <= 699);
  if (status !== undefined) return { verdict: 'status', status };
  const names = links.map((e) => String(e.name ?? ''));
  const codes = links.map((e) => String(e.code ?? ''));
  const text = links.map((e) => String(e.message ?? '')).join(' ');
  if (
    names.some((n) => ['TimeoutError', 'AbortError', 'SipTimeoutError'].includes(n)) ||
    codes.includes('ETIMEDOUT') ||
    /\bwithin \d+ ?ms\b|timed? ?out/i.test(text)
  ) {
    return { verdict: 'timedOut' };
  }
  if (codes.includes('ECONNREFUSED') || /ECONNREFUSED/.test(text) || names.includes('AsteriskAuthError')) return { verdict: 'refused' };
  return { verdict: 'unreachable' };
}
