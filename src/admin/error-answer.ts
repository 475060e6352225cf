/**
 * Turns any error into the admin API's error answer: `{ error, message, problems? }` with a fitting status.
 * Errors the service explains (its typed catalogues) keep their plain message; anything else becomes a 500
 * that points at the service log, so no internals, stack or secret reach the caller.
 */
import { GraphIntegrationError, TransportConnectionError, TransportTimeoutError } from '../graph/errors';
import { IdentityError } from '../identity/errors';
import { PauseNotStoredError } from '../sync/errors';
import { AdminInputError, UnknownTenantError, type InputProblem } from '../service/admin/admin-service';
import { AuthError } from './auth-errors';
import { JobAlreadyRunningError, RequestError } from './request-errors';

export interface ErrorBody {
  error: string;
  message: string;
  problems?: InputProblem[];
  /** For a 409 about a running job: the job to follow. */
  jobId?: string;
}

export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
}

/** The answer for an error the service explains, or undefined for an unexpected one. */
export function explainedError(err: unknown): ErrorAnswer | undefined {
  if (err instanceof AuthError) return { status: err.status, body: { error: err.code, message: err.message } };
  if (err instanceof JobAlreadyRunningError) return { status: err.status, body: { error: err.code, message: err.message, jobId: err.jobId } };
  if (err instanceof RequestError) return { status: err.status, body: { error: err.code, message: err.message } };
  if (err instanceof AdminInputError) {
    return {
      status: 400,
      body: { error: 'badInput', message: `Nothing was changed: ${err.problems.length === 1 ? 'one problem' : `${err.problems.length} problems`} to fix (see problems).`, problems: err.problems },
    };
  }
  if (err instanceof PauseNotStoredError) return { status: 503, body: { error: 'notStored', message: err.message } };
  if (err instanceof UnknownTenantError) return { status: 503, body: { error: 'tenantNotSetUp', message: err.message } };
  if (err instanceof GraphIntegrationError || err instanceof TransportTimeoutError || err instanceof TransportConnectionError) {
    return { status: 502, body: { error: err.code, message: err.message } };
  }
  if (err instanceof IdentityError) {
    const status = err.code === 'importRejected' ? 400 : err.code === 'refreshStopped' ? 503 : 500;
    return { status, body: { error: err.code, message: err.message } };
  }
  return undefined;
}

export function internalError(requestId: string): ErrorAnswer {
  return {
    status: 500,
    body: { error: 'internal', message: `Something went wrong inside PresenceBridge. The service log has the details under request id ${requestId}; try again, and report it if it persists.` },
  };
}
