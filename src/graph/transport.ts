/**
 * The one HTTP path to Microsoft (Entra and Graph): undici with an Agent that trusts the public roots plus,
 * when the setting gives one, an extra CA (the local simulator's, a TLS-inspecting proxy's). Never trusted
 * globally: only requests made through this transport see the extra CA. Every request has a timeout.
 */
import { rootCertificates } from 'node:tls';
import { Agent, fetch as undiciFetch, type RequestInit, type Response } from 'undici';
import { TransportConnectionError, TransportTimeoutError } from './errors';

export interface TransportOptions {
  /** PEM of an extra CA to trust (e.g. src/sim/tls/localhost-cert.pem for the simulator). */
  extraCaPem?: string;
  /** Per-request timeout when the caller gives none. */
  timeoutMs?: number;
}

export interface TransportRequest {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export interface Transport {
  /** Resolves with any HTTP answer (also 4xx/5xx); rejects with TransportTimeoutError or TransportConnectionError. */
  fetch(url: string, request: TransportRequest): Promise<Response>;
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export function createTransport(options: TransportOptions = {}): Transport {
  const ca = options.extraCaPem ? [...rootCertificates, options.extraCaPem] : undefined;
  const agent = new Agent({ connect: ca ? { ca } : {}, keepAliveTimeout: 30_000, connections: 160 }); // room for the writer's 128 writes in flight plus polling
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    async fetch(url, request) {
      const timeoutMs = request.timeoutMs ?? defaultTimeout;
      const init: RequestInit = {
        method: request.method,
        headers: request.headers,
        body: request.body,
        dispatcher: agent,
        signal: AbortSignal.timeout(timeoutMs),
      };
      try {
        return await undiciFetch(url, init);
      } catch (err) {
        const name = (err as Error)?.name;
        if (name === 'TimeoutError' || name === 'AbortError') throw new TransportTimeoutError(url, timeoutMs);
        const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
        throw new TransportConnectionError(url, cause?.code ?? cause?.message ?? (err as Error).message, { cause: err });
      }
    },
    close: () => agent.close(),
  };
}
