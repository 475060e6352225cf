/**
 * One signed HTTP exchange with the PBX, and the translation of its failures into retry verdicts and the
 * port's ConnectorError. URLs in messages are cut to origin + path: a query string may carry a token.
 */
import { CodedError } from '../../coded-error';
import { parseRetryAfterMs, type RetryVerdict } from '../../backoff';
import { ConnectorError } from '../connector';
import { certificateProblem } from '../tls-trust';
import { outboundRefusalIn } from '../outbound-guard';
import { signatureHeaders } from './signature';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** The PBX answered, but not with success. */
export class PbxHttpError extends CodedError {
  readonly code = 'pbxHttp';
  constructor(
    readonly status: number,
    readonly answer: string,
    readonly retryAfterMs: number | undefined,
    where: string,
  ) {
    super(
      `PBX at ${where} answered ${status}${answer ? `: ${answer}` : ''}`,
      "check the webhook URL in Setup and the PBX side's log for why it answered so; the service retries what may pass.",
    );
  }
}

export interface SignedRequest {
  method: 'GET' | 'POST';
  url: string;
  /** Event name for the receiver, e.g. "routing" or "ping". */
  event: string;
  body?: string;
  secret: string;
  timeoutMs: number;
  nowMs: number;
  fetch: FetchLike;
  /** false: the answer's text is not kept (a tenant admin's URL: its errors reach the tab). Default true. */
  quoteAnswer?: boolean;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

const MAX_ANSWER_CHARS = 300;

/** Sends the request, signed at `nowMs`; resolves with the body text of a 2xx answer, throws otherwise. */
export async function sendSigned(request: SignedRequest): Promise<string> {
  const body = request.body ?? '';
  const headers: Record<string, string> = {
    ...signatureHeaders(request.secret, body, request.nowMs),
    'X-PresenceBridge-Event': request.event,
    Accept: 'application/json',
  };
  if (request.method === 'POST') headers['Content-Type'] = 'application/json';
  const response = await request.fetch(request.url, {
    method: request.method,
    headers,
    body: request.method === 'POST' ? body : undefined,
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  const text = await response.text();
  if (response.ok) return text;
  throw new PbxHttpError(
    response.status,
    request.quoteAnswer === false ? '' : text.trim().slice(0, MAX_ANSWER_CHARS),
    parseRetryAfterMs(response.headers.get('retry-after'), request.nowMs),
    redactUrl(request.url),
  );
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Network errors, timeouts, 408, 429 and 5xx are worth another try; any other answer will not change. */
export function classifyDeliveryError(error: unknown): RetryVerdict {
  if (error instanceof ConnectorError && !error.retryable) return { retry: false };
  if (error instanceof PbxHttpError) {
    return isRetryableStatus(error.status) ? { retry: true, afterMs: error.retryAfterMs } : { retry: false };
  }
  // The address policy will refuse the next try too.
  if (outboundRefusalIn(error)) return { retry: false };
  return { retry: true };
}

// Duck-typed rather than `instanceof Error`: fetch's DOMException and errors from other realms fail that test.
function describeNetworkError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { name, message, cause } = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (name === 'TimeoutError' || name === 'AbortError') return 'no answer within the timeout';
  return cause?.code ?? cause?.message ?? message ?? String(error);
}

/** The final failure, after retries, in the port's terms. */
export function toConnectorError(error: unknown, url: string, attempts: number): ConnectorError {
  const where = redactUrl(url);
  const tries = `${attempts} ${attempts === 1 ? 'try' : 'tries'}`;
  if (error instanceof ConnectorError) return error;
  if (error instanceof PbxHttpError) {
    if (isRetryableStatus(error.status)) {
      return new ConnectorError(`${error.message} (after ${tries}): the PBX is overloaded or failing; it will be retried later.`, true, {
        cause: error,
      });
    }
    const fix =
      error.status === 401 || error.status === 403
        ? 'set the same shared secret on both sides'
        : error.status === 404
          ? 'check the URL and that the extension exists on the PBX'
          : 'check what the PBX expects';
    return new ConnectorError(`${error.message}: ${fix}.`, false, { cause: error });
  }
  const refusal = outboundRefusalIn(error);
  if (refusal) return new ConnectorError(`PBX at ${where} not called: ${refusal.message}`, false, { cause: error });
  const certificate = certificateProblem(error);
  if (certificate) return new ConnectorError(`PBX at ${where} not reached after ${tries}: ${certificate}.`, true, { cause: error });
  return new ConnectorError(
    `PBX at ${where} unreachable after ${tries} (${describeNetworkError(error)}): check that it is running and the URL is right.`,
    true,
    { cause: error },
  );
}
