/**
 * The one shape every telephony connector has: line state out (events), routing state in (commands),
 * what it can do, and how it is doing. Connectors translate protocols; they make no sync decisions.
 */
import type { PbxUser } from '../identity/types';
import { CodedError } from '../coded-error';
import type { LineState, RoutingState } from '../sync/states';
import type { ConnectionFinding } from './connection-verdict';

/** A line state change as the connector saw it, before it is tied to a Teams user. */
export interface LineStateReport {
  extension: string;
  state: LineState;
  /** When the PBX says it happened (ms since epoch); also orders the events of one extension. */
  at: number;
}

export interface ConnectorCapabilities {
  /** Reports line state (PBX -> Teams is possible). */
  lineStateOut: boolean;
  /** Accepts routing state (Teams -> PBX is possible). */
  routingIn: boolean;
  /** Can list its users for identity matching. */
  listUsers: boolean;
  /**
   * The PBX keeps our routing state only while we refresh it (a SIP PUBLISH expires): after a restart it is
   * written again. Absent or false: the PBX holds what it was told.
   */
  routingLapses?: boolean;
}

export type ConnectorStatus = 'starting' | 'connected' | 'degraded' | 'down' | 'stopped';

export interface ConnectorHealth {
  status: ConnectorStatus;
  lastEventAt?: number;
  lastSuccessAt?: number;
  lastError?: { at: number; message: string };
  /** Plain-language detail for the status page, e.g. "12 subscriptions active". */
  detail?: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** For the operator (`presence-bridge check`, logs): may quote what the PBX answered. */
  message: string;
  /** For a tenant admin: what was found, without the PBX's own words. Absent with ok: it answered with success. */
  finding?: ConnectionFinding;
}

export interface PbxConnector {
  /** e.g. "webhook", "sip", "asterisk-ari", "asterisk-ami", "simulator". */
  readonly kind: string;
  capabilities(): ConnectorCapabilities;
  /** Begin reporting line state to `onLineState`. Resolves once started; keeps reconnecting by itself. */
  start(onLineState: (report: LineStateReport) => void): Promise<void>;
  stop(): Promise<void>;
  /** Which extensions to follow (SIP subscribes per extension). Called again when the mapping changes. */
  watch(extensions: readonly string[]): Promise<void>;
  /** Set the routing state of one extension. Rejects with a ConnectorError when the PBX refuses or is away. */
  applyRouting(extension: string, state: RoutingState, fence?: RoutingFence): Promise<void>;
  listUsers?(): Promise<PbxUser[]>;
  /**
   * The present line state of the watched extensions, where the PBX can say (at start-up: a call that ended
   * while the service was down must not show). Resolves with the states not already reported through
   * `onLineState`: the webhook reads them from the users list; SIP reports each subscription's first NOTIFY
   * there and resolves [] once all came. Extensions the PBX says nothing about are left out; callers bound
   * the wait. Absent: the connector cannot say (its events correct the state as they come).
   */
  presentLineStates?(): Promise<LineStateReport[]>;
  /** Reachability check for `presence-bridge check` and the tab's "test connection". */
  testConnection(): Promise<ConnectionTestResult>;
  health(): ConnectorHealth;
}

/** What a connector's caller sees go wrong; `retryable` says whether trying again later may help. */
export class ConnectorError extends CodedError {
  readonly code: string = 'connectorFailed';
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown; fix?: string },
  ) {
    super(
      message,
      options?.fix ?? (retryable ? CONNECTOR_RETRY_FIX : CONNECTOR_SETTINGS_FIX),
      options && 'cause' in options ? { cause: options.cause } : {},
    );
    this.name = 'ConnectorError';
  }
}

const CONNECTOR_RETRY_FIX =
  'nothing to do if it is brief: it is tried again. If it lasts, check that the PBX runs and this service can reach it.';
const CONNECTOR_SETTINGS_FIX = 'check the PBX connection settings in Setup and the PBX side named above, then try again.';

/**
 * Tenants spread over replicas: the fencing token of this replica's lease on the tenant, read right before the
 * write goes out (retries included). undefined means the lease may be gone: the write must not be sent. A
 * connector whose protocol can carry it sends it (the webhook puts it in the signed body); the others rely on
 * the check before sending.
 */
export interface RoutingFence {
  token(): number | undefined;
}
