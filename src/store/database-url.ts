/**
 * PB_DATABASE_URL: which URLs mean PostgreSQL, and how to name one in a message or a log line without its
 * password (nor its query string, where libpq-style parameters such as `password=` may sit too).
 */

export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value) && parseUrl(value) !== undefined;
}

/** `postgres://user@host:5432/db`: enough to know which server was meant, never the password. */
export function describeDatabaseUrl(value: string): string {
  const url = parseUrl(value);
  // Without a host ("pb:secret@db/x") everything after the scheme is an opaque path, password and all.
  if (url === undefined || url.hostname === '') return '(a value that is not a URL with a host; not shown, as it may hold a password)';
  const user = url.username === '' ? '' : `${decodeURIComponent(url.username)}@`;
  const port = url.port === '' ? '' : `:${url.port}`;
  return `${url.protocol}//${user}${url.hostname}${port}${url.pathname}`;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
