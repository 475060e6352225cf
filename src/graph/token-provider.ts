/**
 * App-only tokens for one tenant, from msal-node's ConfidentialClientApplication (client credentials by
 * secret or by certificate). msal talks to Entra through our transport (its `system.networkClient`), so
 * the CA setting and timeouts apply, and the authority host is a setting (sovereign clouds, simulator).
 * One instance per tenant: msal's in-memory cache is then per tenant, and we keep the last token to skip
 * msal's cache lookup on the hot path.
 */
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import type { Clock } from '../time/clock';
import { readClientCertificate, type ClientCertificate } from './client-certificate';
import { entraErrorBodySchema, explainEntraError, type EntraErrorBody } from './entra-error-catalogue';
import { EntraAuthError, EntraUnreachableError, TransportConnectionError, TransportTimeoutError } from './errors';
import { createMsalNetworkClient } from './msal-network-client';
import type { Transport } from './transport';

export type ClientCredential = { kind: 'secret'; secret: string } | { kind: 'certificate'; certPem: string; keyPem: string };

export interface TokenProviderOptions {
  tenantId: string;
  clientId: string;
  credential: ClientCredential;
  /** e.g. https://login.microsoftonline.com, https://login.microsoftonline.us, https://localhost:8443 */
  authorityHost: string;
  /** e.g. https://graph.microsoft.com; decides the token's scope. */
  graphBaseUrl: string;
  transport: Transport;
  clock: Clock;
  /** Overrides the scope derived from graphBaseUrl (a national cloud with an unusual Graph host). */
  scope?: string;
  /**
   * After Entra refused a token, give the same answer for this long without asking again (default 60 s):
   * a wrong secret must not turn every queued Graph call into a sign-in attempt.
   */
  refusalHoldMs?: number;
}

export interface AccessToken {
  token: string;
  expiresAt: number;
}

export interface TokenProvider {
  readonly tenantId: string;
  getToken(): Promise<AccessToken>;
  /** Forget the cached token (after a 401), so the next call asks Entra again. */
  invalidate(): void;
}

/** Renew this long before expiry, so no request leaves with a token that expires on the way. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

const SOVEREIGN_GRAPH_HOSTS = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
]);

/** `.default` scope of the Graph host; any other host (simulator, proxy) stands in for the public cloud. */
export function graphScopeFor(graphBaseUrl: string): string {
  const host = new URL(graphBaseUrl).host;
  return `https://${SOVEREIGN_GRAPH_HOSTS.has(host) ? host : 'graph.microsoft.com'}/.default`;
}

export class MsalTokenProvider implements TokenProvider {
  readonly tenantId: string;
  /** Set when the credential is a certificate. */
  readonly certificate?: ClientCertificate;
  private readonly app: ConfidentialClientApplication;
  private readonly scope: string;
  private cached?: AccessToken;
  private inFlight?: Promise<AccessToken>;
  private forceRefresh = false;
  /** The last error body Entra sent during the current acquisition (msal loses discovery errors). */
  private lastEntraError?: EntraErrorBody;
  /** A request of the current acquisition that got no answer at all (msal loses those too). */
  private lastNetworkError?: TransportConnectionError | TransportTimeoutError;
  private refusal?: { error: EntraAuthError; until: number };

  constructor(private readonly options: TokenProviderOptions) {
    this.tenantId = options.tenantId;
    this.scope = options.scope ?? graphScopeFor(options.graphBaseUrl);
    const authorityUrl = new URL(options.authorityHost);
    const auth: Configuration['auth'] = {
      clientId: options.clientId,
      authority: `${authorityUrl.origin}/${options.tenantId}`,
      knownAuthorities: [authorityUrl.host],
    };
    if (options.credential.kind === 'secret') {
      auth.clientSecret = options.credential.secret;
    } else {
      this.certificate = readClientCertificate(options.tenantId, options.credential.certPem, options.credential.keyPem);
      auth.clientCertificate = {
        thumbprintSha256: this.certificate.thumbprintSha256,
        privateKey: this.certificate.privateKeyPem,
        x5c: this.certificate.x5c,
      };
    }
    this.app = new ConfidentialClientApplication({
      auth,
      system: {
        networkClient: createMsalNetworkClient(options.transport, (status, body) => {
          if (status === undefined) {
            if (body instanceof TransportConnectionError || body instanceof TransportTimeoutError) this.lastNetworkError = body;
            return;
          }
          const parsed = entraErrorBodySchema.safeParse(body);
          if (parsed.success) this.lastEntraError = parsed.data;
        }),
        // msal's own retry would hide the first failure's explanation and double our budget use.
        disableInternalRetries: true,
        loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
      },
    });
  }

  async getToken(): Promise<AccessToken> {
    const now = this.options.clock.now();
    if (this.cached && this.cached.expiresAt - EXPIRY_MARGIN_MS > now) return this.cached;
    if (this.refusal && now < this.refusal.until) throw this.refusal.error;
    // One request to Entra at a time per tenant, however many Graph calls are waiting.
    this.inFlight ??= this.acquire().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  invalidate(): void {
    this.cached = undefined;
    this.forceRefresh = true;
  }

  /** Ask Entra again on the next call even if it refused recently (after the admin fixed the cause). */
  retryNow(): void {
    this.refusal = undefined;
  }

  private async acquire(): Promise<AccessToken> {
    const skipCache = this.forceRefresh;
    this.forceRefresh = false;
    this.lastEntraError = undefined;
    this.lastNetworkError = undefined;
    let result;
    try {
      result = await this.app.acquireTokenByClientCredential({ scopes: [this.scope], skipCache });
    } catch (err) {
      const explained = this.explain(err);
      if (explained instanceof EntraAuthError) {
        this.refusal = { error: explained, until: this.options.clock.now() + (this.options.refusalHoldMs ?? 60_000) };
      }
      throw explained;
    }
    this.refusal = undefined;
    if (!result?.accessToken) {
      throw new EntraAuthError(
        this.tenantId,
        undefined,
        'empty_response',
        'Entra answered without a token.',
        'try again; if it persists, check the authority host setting.',
      );
    }
    const expiresAt = result.expiresOn?.getTime() ?? this.options.clock.now() + 3_600_000;
    this.cached = { token: result.accessToken, expiresAt };
    return this.cached;
  }

  private explain(err: unknown): Error {
    const e = err as { errorCode?: string; errorMessage?: string; errorNo?: string; correlationId?: string; cause?: unknown };
    // No answer from the sign-in server is a network problem, whatever msal makes of it (endpoints_resolution_error).
    const unanswered = findTransportError(err) ?? (this.lastEntraError ? undefined : this.lastNetworkError);
    if (unanswered) {
      const detail = unanswered instanceof TransportTimeoutError ? `no answer within ${unanswered.timeoutMs} ms` : unanswered.detail;
      return new EntraUnreachableError(this.tenantId, new URL(this.options.authorityHost).host, detail, { cause: unanswered });
    }
    const errorNo = e.errorNo ? Number(e.errorNo) : undefined;
    // msal reports a failed metadata discovery (e.g. unknown tenant) without Entra's body: use the one we saw.
    const body: EntraErrorBody =
      errorNo === undefined && this.lastEntraError
        ? this.lastEntraError
        : {
            error: e.errorCode || 'unknown_error',
            error_codes: errorNo !== undefined && !Number.isNaN(errorNo) ? [errorNo] : undefined,
            error_description: e.errorMessage ?? String(err),
          };
    const explanation = explainEntraError(
      { ...body, error_description: this.redact(body.error_description ?? '') },
      { tenantId: this.tenantId, clientId: this.options.clientId, authorityHost: this.options.authorityHost },
    );
    const traceId = body.trace_id ?? /Trace ID: ([0-9a-f-]{36})/i.exec(e.errorMessage ?? '')?.[1];
    return new EntraAuthError(this.tenantId, explanation.aadsts, body.error, explanation.reason, explanation.fix, traceId);
  }

  /** Belt and braces: a description must never echo the secret back to a log. */
  private redact(text: string): string {
    const c = this.options.credential;
    return c.kind === 'secret' && c.secret.length >= 4 ? text.split(c.secret).join('[secret]') : text;
  }
}

function findTransportError(err: unknown, depth = 0): TransportConnectionError | TransportTimeoutError | undefined {
  if (!err || depth > 3) return undefined;
  if (err instanceof TransportTimeoutError || err instanceof TransportConnectionError) return err;
  return findTransportError((err as { cause?: unknown }).cause, depth + 1);
}
