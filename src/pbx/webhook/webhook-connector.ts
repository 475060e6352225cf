/**
 * The generic webhook connector: routing state goes out as a signed POST, line state comes in as a signed POST
 * handled by `handleLineStateWebhook`, users come from an optional GET. One instance per tenant.
 */
import type { RoutingState } from '../../sync/states';
import type { Clock } from '../../time/clock';
import { realClock, realSleep, type Sleep } from '../../time/real-time';
import { retryWithBackoff } from '../../backoff';
import {
  ConnectorError,
  type ConnectionTestResult,
  type ConnectorCapabilities,
  type LineStateReport,
  type PbxConnector,
} from '../connector';
import type { PbxUser } from '../../identity/types';
import { createHealthTracker, type FailureKind } from './connector-health';
import { createLineStateWebhookHandler, type WebhookRequest, type WebhookResponse } from './line-state-webhook';
import { parsePbxLineStates, parsePbxUserList } from './pbx-users';
import { createLedgerReplayGuard, type ReplayLedger } from './replay-guard';
import { findingOf } from '../connection-finding';
import { parseWebhookSettings, type WebhookSettings } from './settings';
import { classifyDeliveryError, PbxHttpError, sendSigned, toConnectorError, type FetchLike } from './signed-request';

export interface WebhookConnectorDeps {
  fetch?: FetchLike;
  sleep?: Sleep;
  random?: () => number;
  clock?: Clock;
  /** Which extensions may report line state. Default: the ones last passed to `watch()`. */
  isKnownExtension?: (extension: string) => boolean | Promise<boolean>;
  logger?: { warn(obj: object, msg: string): void };
  /** Where accepted signatures are remembered beyond this process (default: in memory only). */
  replays?: ReplayLedger;
  /** false: errors never quote what the PBX answered (a tenant admin's URL; errors reach the tab). Default true. */
  quoteAnswers?: boolean;
}

export interface WebhookConnector extends PbxConnector {
  readonly kind: 'webhook';
  /** For the service's HTTP route: the raw body and headers of the PBX's line-state POST. */
  handleLineStateWebhook(request: WebhookRequest): Promise<WebhookResponse>;
}

/** The tenant's connector when it is the webhook one (the line-state route finds it where the routing writer does). */
export function webhookConnectorOf(connector: PbxConnector | undefined): WebhookConnector | undefined {
  return connector?.kind === 'webhook' ? (connector as WebhookConnector) : undefined;
}

export interface RoutingPayload {
  extension: string;
  state: RoutingState;
  /** ms since epoch, when we decided it. */
  at: number;
  /** The sending replica's lease token on the tenant (replicas sharing PostgreSQL); a PBX may refuse older ones. */
  fencingToken?: number;
}

function failureKind(error: unknown): FailureKind {
  if (error instanceof PbxHttpError && error.status < 500 && error.status !== 429 && error.status !== 408) {
    return error.status === 401 || error.status === 403 ? 'refused' : 'rejected';
  }
  return 'unreachable';
}

/** `settings` may be raw input (validated here) or already parsed. */
export function createWebhookConnector(settings: unknown, deps: WebhookConnectorDeps = {}): WebhookConnector {
  const config: WebhookSettings = parseWebhookSettings(settings);
  const fetchFn: FetchLike = deps.fetch ?? ((url, init) => fetch(url, init));
  const sleep = deps.sleep ?? realSleep;
  const clock = deps.clock ?? realClock;
  const health = createHealthTracker(config.downAfterFailures);
  let watched = new Set<string>();
  let sink: ((report: LineStateReport) => void) | undefined;

  const previous = config.previousSecret;
  const lineStateHandler = createLineStateWebhookHandler({
    secret: config.secret,
    previousSecrets: () => (previous && (previous.until === undefined || clock.now() < previous.until) ? [previous.secret] : []),
    toleranceSeconds: config.lineState.toleranceSeconds,
    mapping: config.lineState.mapping,
    clock,
    isKnownExtension: deps.isKnownExtension ?? ((extension) => watched.has(extension)),
    sink: () => sink,
    replayGuard: deps.replays && createLedgerReplayGuard(deps.replays, config.lineState.toleranceSeconds),
  });

  /** One signed exchange with retries; health follows the final outcome. `bodyOf` is read per attempt. */
  async function deliver(method: 'GET' | 'POST', url: string, event: string, body?: string | (() => string)): Promise<string> {
    let attempts = 0;
    try {
      const { value } = await retryWithBackoff(
        (attempt) => {
          attempts = attempt;
          return sendSigned({
            method,
            url,
            event,
            body: typeof body === 'function' ? body() : body,
            secret: config.secret,
            timeoutMs: config.timeoutMs,
            nowMs: clock.now(),
            fetch: fetchFn,
            quoteAnswer: deps.quoteAnswers,
          });
        },
        {
          policy: config.retry,
          classify: classifyDeliveryError,
          sleep,
          random: deps.random,
          onRetry: ({ failedAttempts, delayMs, error }) =>
            deps.logger?.warn({ event, failedAttempts, delayMs, error: (error as Error).message }, 'PBX webhook failed, retrying'),
        },
      );
      health.succeeded(clock.now(), attempts > 1 ? `recovered after ${attempts} tries` : undefined);
      return value;
    } catch (error) {
      if (error instanceof LeaseGoneError) throw error; // says nothing about the PBX's health
      const connectorError = toConnectorError(error, url, attempts);
      health.failed(clock.now(), failureKind(error), connectorError.message);
      throw connectorError;
    }
  }

  const capabilities: ConnectorCapabilities = Object.freeze({
    lineStateOut: config.lineState.enabled,
    routingIn: config.routingUrl !== undefined,
    listUsers: config.usersUrl !== undefined,
  });

  const connector: WebhookConnector = {
    kind: 'webhook',
    capabilities: () => capabilities,

    async start(onLineState) {
      sink = config.lineState.enabled ? onLineState : undefined;
      health.started();
      if (config.routingUrl === undefined) health.ready('receiving line-state events only');
    },

    async stop() {
      sink = undefined;
      health.stopped();
    },

    async watch(extensions) {
      watched = new Set(extensions);
    },

    async applyRouting(extension, state, fence) {
      if (config.routingUrl === undefined) {
        throw new ConnectorError('This webhook connector has no routingUrl: set one to send routing state to the PBX.', false);
      }
      const at = clock.now();
      // The token is read at each attempt: a retry after the lease lapsed is not sent.
      const body = () => {
        if (!fence) return JSON.stringify({ extension, state, at } satisfies RoutingPayload);
        const fencingToken = fence.token();
        if (fencingToken === undefined) throw new LeaseGoneError();
        return JSON.stringify({ extension, state, at, fencingToken } satisfies RoutingPayload);
      };
      await deliver('POST', config.routingUrl, 'routing', body);
    },

    async testConnection(): Promise<ConnectionTestResult> {
      const target = config.usersUrl ?? config.routingUrl;
      if (target === undefined) {
        return { ok: true, message: 'Nothing to call: this connector only receives line-state events. Send one from the PBX to test.' };
      }
      try {
        if (config.usersUrl !== undefined) {
          const users = await connector.listUsers!();
          return { ok: true, message: `The PBX answered with ${users.length} users.` };
        }
        await deliver('POST', target, 'ping', JSON.stringify({ ping: true, at: clock.now() }));
        return { ok: true, message: 'The PBX accepted a signed test request.' };
      } catch (error) {
        if (error instanceof ConnectorError && error.cause instanceof PbxHttpError && failureKind(error.cause) === 'rejected') {
          return {
            ok: true,
            message: `The PBX is reachable and trusts our signature, but answered ${error.cause.status} to a test request: ${error.cause.answer || 'no detail'}.`,
            finding: { verdict: 'status', status: error.cause.status },
          };
        }
        // A ConnectorError of its own (no cause): the users list came back, but is not one.
        const badAnswer = error instanceof ConnectorError && error.cause === undefined;
        return { ok: false, message: (error as Error).message, finding: badAnswer ? { verdict: 'badAnswer' } : findingOf(error) };
      }
    },

    health: () => health.snapshot(),

    async handleLineStateWebhook(request) {
      const response = await lineStateHandler(request);
      if (response.status === 202) health.eventReceived(clock.now());
      return response;
    },
  };

  if (config.usersUrl !== undefined) {
    const usersUrl = config.usersUrl;
    connector.listUsers = async (): Promise<PbxUser[]> => {
      const text = await deliver('GET', usersUrl, 'listUsers');
      return parsePbxUserList(text);
    };
    // The same list, read for the line states it may carry (watched extensions only).
    connector.presentLineStates = async (): Promise<LineStateReport[]> => {
      const text = await deliver('GET', usersUrl, 'listUsers');
      return parsePbxLineStates(text, clock.now()).filter((report) => watched.has(report.extension));
    };
  }
  return connector;
}

/** Not retried: the replica lost the tenant's lease, so another replica writes for it now. */
class LeaseGoneError extends ConnectorError {
  constructor() {
    super("Not sent: this replica no longer holds the tenant's lease; the replica running the tenant now writes its routing.", false);
  }
}
