/**
 * Everything that can go wrong between us and Microsoft, as a small catalogue. Every message says what is
 * wrong and how to fix it, in words an admin understands. No message ever carries a secret, a token or a
 * private key.
 */
import { CodedError, type CodedErrorView } from '../coded-error';

/** Base of the catalogue: `code` is stable (for the tab, alerts and tests), `fix` is the next step. */
export abstract class GraphIntegrationError extends CodedError {
  constructor(
    message: string,
    readonly tenantId: string,
    fix: string,
    options?: { cause?: unknown },
  ) {
    super(message, fix, { ...(options && 'cause' in options ? { cause: options.cause } : {}), fixInMessage: ' Fix: ' });
  }
}

/** Entra ID refused to issue a token (AADSTS codes), explained. */
export class EntraAuthError extends GraphIntegrationError {
  readonly code = 'entra-auth';
  constructor(
    tenantId: string,
    /** The AADSTS number, e.g. 7000215, when Entra gave one. */
    readonly aadsts: number | undefined,
    /** Entra's own short error, e.g. "invalid_client". */
    readonly entraError: string,
    /** Plain-language cause. */
    readonly reason: string,
    fix: string,
    /** Entra's trace id: what Microsoft support asks for. */
    readonly traceId?: string,
    options?: { cause?: unknown },
  ) {
    super(`Entra ID refused a token for tenant ${tenantId}${aadsts ? ` (AADSTS${aadsts})` : ''}: ${reason}`, tenantId, fix, options);
  }

  /** Admins look the AADSTS number up in Microsoft's list, so that is the code they are shown. */
  override adminView(): CodedErrorView {
    return { ...super.adminView(), ...(this.aadsts !== undefined ? { code: `AADSTS${this.aadsts}` } : {}) };
  }
}

/**
 * The sign-in server (the authority host) could not be reached: a network problem, not a refusal by Entra ID.
 * Entra said nothing, so there is no AADSTS code to look up.
 */
export class EntraUnreachableError extends GraphIntegrationError {
  readonly code = 'entra-unreachable';
  constructor(
    tenantId: string,
    /** e.g. login.microsoftonline.com */
    readonly host: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Cannot reach the sign-in server ${host} for tenant ${tenantId} (${detail}): no token could be requested.`,
      tenantId,
      `check that this service can reach ${host} over HTTPS (DNS, firewall, outbound proxy), and the authority host setting PB_AUTHORITY_HOST (public cloud https://login.microsoftonline.com, US Government https://login.microsoftonline.us, China https://login.chinacloudapi.cn).`,
      options,
    );
  }
}

/** Graph answered 403: a permission is missing or not consented. */
export class GraphPermissionError extends GraphIntegrationError {
  readonly code = 'graph-permission';
  constructor(
    tenantId: string,
    /** The application permission the call needs, e.g. "Presence.Read.All". */
    readonly permission: string | undefined,
    readonly operation: string,
    fix: string,
  ) {
    super(
      `Microsoft Graph denied ${operation} for tenant ${tenantId}: ${permission ? `the application permission ${permission} is missing or not consented` : 'a permission is missing or not consented'}.`,
      tenantId,
      fix,
    );
  }

  /** Shown as Graph's own code for a refusal, with the permission to grant. */
  override adminView(): CodedErrorView {
    return {
      ...super.adminView(),
      code: 'Authorization_RequestDenied',
      ...(this.permission ? { detail: { permission: this.permission } } : {}),
    };
  }
}

/** Graph answered with an error that is neither throttling nor permission. */
export class GraphRequestError extends GraphIntegrationError {
  readonly code = 'graph-request';
  constructor(
    tenantId: string,
    readonly status: number,
    readonly graphCode: string | undefined,
    readonly operation: string,
    detail: string,
    fix: string,
  ) {
    super(
      `Microsoft Graph answered ${status}${graphCode ? ` ${graphCode}` : ''} to ${operation} for tenant ${tenantId}: ${detail}.`,
      tenantId,
      fix,
    );
  }

  /** Shown as Graph's own error code when it gave one. */
  override adminView(): CodedErrorView {
    return { ...super.adminView(), ...(this.graphCode ? { code: this.graphCode } : {}) };
  }
}

/** Throttling, server errors or timeouts persisted through every retry. */
export class GraphUnavailableError extends GraphIntegrationError {
  readonly code = 'graph-unavailable';
  /** How long Graph asked us to wait in its last answer (Retry-After), when it said. */
  readonly retryAfterMs?: number;
  constructor(
    tenantId: string,
    readonly operation: string,
    readonly attempts: number,
    readonly lastProblem: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(
      `Microsoft Graph did not answer ${operation} for tenant ${tenantId} after ${attempts} attempts (last: ${lastProblem}).${options?.retryAfterMs !== undefined ? ` Graph asked to wait ${options.retryAfterMs / 1000} s before the next try.` : ''}`,
      tenantId,
      'nothing to do if this is brief: the service keeps retrying on its next round. If it lasts, check the network path to Graph and the service health page.',
      options,
    );
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** A single HTTP exchange took longer than the timeout setting. */
export class TransportTimeoutError extends CodedError {
  readonly code = 'transport-timeout';
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`No answer from ${new URL(url).host} within ${timeoutMs} ms.`, 'check the network path, or raise the request timeout.', {
      fixInMessage: ' Fix: ',
    });
  }
}

/** The connection itself failed (DNS, refused, TLS). */
export class TransportConnectionError extends CodedError {
  readonly code = 'transport-connection';
  constructor(
    readonly url: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Cannot reach ${new URL(url).host}: ${detail}.`,
      'check the host name and network path; for a simulator or proxy with its own certificate, pass its CA file in the TLS CA setting.',
      { ...options, fixInMessage: ' Fix: ' },
    );
  }
}

/** The client certificate or its key cannot be used. */
export class ClientCertificateError extends GraphIntegrationError {
  readonly code = 'client-certificate';
  constructor(tenantId: string, problem: string, fix: string, options?: { cause?: unknown }) {
    super(`The client certificate for tenant ${tenantId} cannot be used: ${problem}.`, tenantId, fix, options);
  }
}
