/**
 * The simulator's error catalogue. `GraphApiError` and `EntraApiError` are answers the simulator sends on the
 * wire (in Microsoft's own shapes); `SimulatorUsageError` is for a test or demo that drives the simulator wrongly.
 */
import { randomUUID } from 'node:crypto';
import { jsonResponse, type SimResponse } from './sim-http';

/** A Graph error answer: `{error: {code, message, innerError}}`. */
export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphApiError';
  }

  toResponse(now: number): SimResponse {
    const requestId = randomUUID();
    return jsonResponse(
      this.status,
      {
        error: {
          code: this.code,
          message: this.message,
          innerError: { date: new Date(now).toISOString(), 'request-id': requestId, 'client-request-id': requestId },
        },
      },
      { 'request-id': requestId, ...this.headers },
    );
  }
}

/** A Graph answer with a status and no body at all (seen on very large presence id lists). */
export class BareStatusError extends Error {
  constructor(readonly status: number) {
    super(`bare ${status}`);
    this.name = 'BareStatusError';
  }
}

/** AADSTS codes the simulator knows, with Entra's own wording and the OAuth error each one carries. */
export const AADSTS = {
  7000215: {
    error: 'invalid_client',
    text: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{app}'.",
  },
  7000222: {
    error: 'invalid_client',
    text: "The provided client secret keys for app '{app}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.",
  },
  700016: {
    error: 'unauthorized_client',
    text: "Application with identifier '{app}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
  },
  90002: {
    error: 'invalid_request',
    text: "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
  },
  65001: {
    error: 'invalid_grant',
    text: "The user or administrator has not consented to use the application with ID '{app}'. Send an interactive authorization request for this user and resource.",
  },
  70011: {
    error: 'invalid_scope',
    text: "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.",
  },
  700027: {
    error: 'invalid_client',
    text: "Client assertion failed signature validation, or the certificate used to sign it is not registered, has expired, or does not match. Register the certificate's public key on app '{app}'.",
  },
  700024: { error: 'invalid_client', text: 'Client assertion is not within its valid time range.' },
  900144: { error: 'invalid_request', text: "The request body must contain the following parameter: '{param}'." },
  7000218: {
    error: 'invalid_client',
    text: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  },
  70003: { error: 'unsupported_grant_type', text: "The app requested an unsupported grant type '{grant}'. Use client_credentials." },
  50001: { error: 'invalid_resource', text: 'The resource principal named {scope} was not found in the tenant.' },
} as const;
export type AadstsCode = keyof typeof AADSTS;

/** A token endpoint error answer: 400 `{error, error_description, error_codes, timestamp, trace_id, correlation_id}`. */
export class EntraApiError extends Error {
  readonly oauthError: string;
  constructor(
    readonly aadsts: AadstsCode,
    values: Record<string, string> = {},
  ) {
    const entry = AADSTS[aadsts];
    super(`AADSTS${aadsts}: ${entry.text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '')}`);
    this.name = 'EntraApiError';
    this.oauthError = entry.error;
  }

  toResponse(now: number, correlationId?: string): SimResponse {
    const traceId = randomUUID();
    const correlation = correlationId ?? randomUUID();
    const stamp = new Date(now).toISOString().replace('T', ' ').replace('Z', 'Z');
    return jsonResponse(400, {
      error: this.oauthError,
      error_description: `${this.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${stamp}`,
      error_codes: [this.aadsts],
      timestamp: stamp,
      trace_id: traceId,
      correlation_id: correlation,
      error_uri: `https://login.microsoftonline.com/error?code=${this.aadsts}`,
    });
  }
}

/** The simulator was driven wrongly (unknown tenant or user, bad control value). The message says what to change. */
export class SimulatorUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorUsageError';
  }
}
