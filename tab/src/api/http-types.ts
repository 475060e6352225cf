/** The shape of the tab's HTTP client, apart from its browser implementation (so Node tests can stand in for it). */
export type TokenSource = (options?: { fresh?: boolean }) => Promise<string>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  json?: unknown;
  /** A raw text body (CSV). */
  text?: { body: string; contentType: string };
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
}

export interface HttpClient {
  json<T>(path: string, options?: RequestOptions): Promise<T>;
  text(path: string, options?: RequestOptions): Promise<string>;
}
