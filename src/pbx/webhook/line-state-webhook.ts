/**
 * The receiving end of a PBX's line-state webhook, free of any HTTP framework: the server hands over the raw
 * body and the headers, and sends back `{status, body}`. A request is checked in this order, and refused at
 * the first problem with nothing emitted: size, signature headers, freshness, signature, JSON, mapping,
 * known extension, replay.
 */
import type { Clock } from '../../time/clock';
import type { LineStateReport } from '../connector';
import { applyLineStateMapping, type LineStateMapping } from './line-state-mapping';
import { createReplayGuard, type ReplayGuard } from './replay-guard';
import { verifySignature, type HeaderBag, type RawBody } from './signature';

export interface WebhookRequest {
  rawBody: RawBody;
  headers: HeaderBag;
}

export type WebhookRejection =
  | 'payloadTooLarge'
  | 'missingHeaders'
  | 'malformedTimestamp'
  | 'malformedSignature'
  | 'staleTimestamp'
  | 'badSignature'
  | 'replay'
  | 'malformedJson'
  | 'missingField'
  | 'badTimestamp'
  | 'futureTimestamp'
  | 'unknownState'
  | 'unknownExtension'
  | 'notAccepting';

export type WebhookResponse =
  | { status: 202; body: { accepted: true; extension: string; state: string; at: number } }
  | { status: number; body: { error: WebhookRejection; message: string } };

const STATUS_OF: Record<WebhookRejection, number> = {
  payloadTooLarge: 413,
  missingHeaders: 401,
  malformedTimestamp: 401,
  malformedSignature: 401,
  staleTimestamp: 401,
  badSignature: 401,
  replay: 409,
  malformedJson: 400,
  missingField: 422,
  badTimestamp: 422,
  futureTimestamp: 400,
  unknownState: 422,
  unknownExtension: 422,
  notAccepting: 503,
};

export const MAX_LINE_STATE_BODY_BYTES = 64 * 1024;

export interface LineStateWebhookOptions {
  secret: string;
  /** Earlier secrets still accepted now (asked per request, so a rotation window ends on time). */
  previousSecrets?: () => readonly string[];
  toleranceSeconds: number;
  mapping: LineStateMapping;
  clock: Clock;
  /** Which extensions this tenant follows; events for any other are refused, not guessed at. */
  isKnownExtension: (extension: string) => boolean | Promise<boolean>;
  /** Where accepted events go; undefined while the connector is not started (the PBX gets a 503 and retries). */
  sink: () => ((report: LineStateReport) => void) | undefined;
  replayGuard?: ReplayGuard;
}

export type LineStateWebhookHandler = (request: WebhookRequest) => Promise<WebhookResponse>;

function refuse(error: WebhookRejection, message: string): WebhookResponse {
  return { status: STATUS_OF[error], body: { error, message } };
}

function byteLength(body: RawBody): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}

export function createLineStateWebhookHandler(options: LineStateWebhookOptions): LineStateWebhookHandler {
  const replayGuard = options.replayGuard ?? createReplayGuard(options.toleranceSeconds);

  return async function handleLineStateWebhook({ rawBody, headers }) {
    const nowMs = options.clock.now();
    if (byteLength(rawBody) > MAX_LINE_STATE_BODY_BYTES) {
      return refuse(
        'payloadTooLarge',
        `The body is larger than ${MAX_LINE_STATE_BODY_BYTES} bytes: send one line-state event per request.`,
      );
    }
    const signed = verifySignature(headers, rawBody, {
      secret: options.secret,
      alsoAccepted: options.previousSecrets?.(),
      nowMs,
      toleranceSeconds: options.toleranceSeconds,
    });
    if (!signed.ok) return refuse(signed.problem, signed.message);

    let payload: unknown;
    try {
      payload = JSON.parse(typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8'));
    } catch (error) {
      return refuse('malformedJson', `The body is not valid JSON (${(error as Error).message}): send a JSON object.`);
    }
    const mapped = applyLineStateMapping(options.mapping, payload, nowMs);
    if (!mapped.ok) return refuse(mapped.problem, mapped.message);
    const { report } = mapped;

    if (!(await options.isKnownExtension(report.extension))) {
      return refuse(
        'unknownExtension',
        `Extension "${report.extension}" is not mapped to a Teams user of this tenant: map it in the admin tab (Users), or stop the PBX from sending it.`,
      );
    }
    const sink = options.sink();
    if (!sink) {
      return refuse('notAccepting', 'Line-state sync is not running for this tenant right now: retry later.');
    }
    // Checked last: only accepted requests are remembered, since resending a refused one changes nothing.
    let firstTime: boolean;
    try {
      firstTime = await replayGuard.admit(signed.signature, signed.timestampSeconds, nowMs);
    } catch {
      // Without the check a replay could pass: refuse for now, the PBX retries (the store's failure shows in health).
      return refuse(
        'notAccepting',
        'Line-state events cannot be checked for replays right now (the service cannot reach its database): retry later.',
      );
    }
    if (!firstTime) {
      return refuse('replay', 'This signed request was already accepted: sign every event anew, with its own timestamp.');
    }
    sink(report);
    return { status: 202, body: { accepted: true, extension: report.extension, state: report.state, at: report.at } };
  };
}
