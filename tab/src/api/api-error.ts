import type { InputProblem } from './types';

/** An answer of the admin API other than 2xx, with the service's plain-language message and field problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: InputProblem[] = [],
    /** 409 jobRunning: the job already running, to follow instead. */
    readonly jobId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The service could not be reached at all (network down, service stopped). */
export class ServiceUnreachableError extends Error {
  constructor(path: string, cause: unknown) {
    super(`The PresenceBridge service did not answer (${path}). Check that it is running and reachable, then try again.`, { cause });
    this.name = 'ServiceUnreachableError';
  }
}

/** A sign-in token could not be obtained from Teams or the local issuer. */
export class SignInError extends Error {
  constructor(detail: string) {
    super(`Could not sign you in: ${detail}. Reload the tab; if it keeps failing, ask an admin to check the app's SSO setup.`);
    this.name = 'SignInError';
  }
}

export function problemsByPath(error: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (error instanceof ApiError) for (const p of error.problems) out.set(p.path.replace(/^(body|query)\./, ''), p.message);
  return out;
}
