/**
 * msal-node's `system.networkClient`, implemented on our transport so that Entra requests get the same CA
 * setting and timeouts as Graph requests (and tests can point msal at the local simulator).
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { Transport } from './transport';

/**
 * Called with every Entra answer of 400 and above, and with every request that got no answer at all (`status`
 * undefined, `body` the transport's error): msal drops both, reporting a failed discovery without its cause.
 */
export type EntraErrorListener = (status: number | undefined, body: unknown) => void;

async function send<T>(
  transport: Transport,
  method: string,
  url: string,
  options?: NetworkRequestOptions,
  timeoutMs?: number,
  onError?: EntraErrorListener,
): Promise<NetworkResponse<T>> {
  let response: Response;
  try {
    response = await transport.fetch(url, { method, headers: options?.headers, body: options?.body, timeoutMs });
  } catch (err) {
    onError?.(undefined, err);
    throw err;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key.toLowerCase()] = value;
  });
  const text = await response.text();
  let body: unknown = {};
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      // msal expects an object; a non-JSON answer (a proxy's HTML page) becomes an error it can report.
      body = { error: 'invalid_response', error_description: `non-JSON answer (${response.status}) from ${new URL(url).host}` };
    }
  }
  if (response.status >= 400) onError?.(response.status, body);
  return { headers, body: body as T, status: response.status };
}

export function createMsalNetworkClient(transport: Transport, onError?: EntraErrorListener): INetworkModule {
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>(transport, 'GET', url, options, timeout, onError),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>(transport, 'POST', url, options, undefined, onError),
  };
}
