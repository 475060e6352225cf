/**
 * Turns any error into the admin API's error answer: `{ error, message, problems? }` with a fitting status.
 * Errors the service explains (its coded catalogues) answer with their `code` and plain message; anything else
 * becomes a 500 that points at the service log, so no internals, stack or secret reach the caller.
 */
import { isCodedError, type CodedError } from '../coded-error';
import { GraphIntegrationError, TransportConnectionError, TransportTimeoutError } from '../graph/errors';
import { IdentityError, type IdentityErrorCode } from '../identity/errors';
import { PauseNotStoredError } from '../sync/errors';
import {
  AdminInputError,
  PrimaryAppRegistrationError,
  UnknownAppRegistrationError,
  UnknownTenantError,
  type InputProblem,
} from '../service/admin/admin-service';
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

const IDENTITY_STATUS: Record<IdentityErrorCode, number> = { importRejected: 400, refreshStopped: 503, badMatchOptions: 500 };

/** The status of each catalogue the admin API explains; other errors (e.g. the store's) are internal. */
function statusOf(err: CodedError): number | undefined {
  if (err instanceof AuthError || err instanceof RequestError) return err.status;
  if (err instanceof AdminInputError) return 400;
  if (err instanceof UnknownAppRegistrationError) return 404;
  if (err instanceof PrimaryAppRegistrationError) return 409;
  if (err instanceof PauseNotStoredError || err instanceof UnknownTenantError) return 503;
  if (err instanceof GraphIntegrationError || err instanceof TransportTimeoutError || err instanceof TransportConnectionError) return 502;
  if (err instanceof IdentityError) return IDENTITY_STATUS[err.code];
  return undefined;
}

/** The answer for an error the service explains, or undefined for an unexpected one. */
export function explainedError(err: unknown): ErrorAnswer | undefined {
  if (!isCodedError(err)) return undefined;
  const status = statusOf(err);
  if (status === undefined) return undefined;
  if (err instanceof AdminInputError) {
    const count = err.problems.length === 1 ? 'one problem' : `${err.problems.length} problems`;
    return { status, body: { error: err.code, message: `Nothing was changed: ${count} to fix (see problems).`, problems: err.problems } };
  }
  // The API answered 'notStored' before the sync catalogue had codes: kept, so callers see no change.
  const error = err instanceof PauseNotStoredError ? 'notStored' : err.code;
  return { status, body: { error, message: err.message, ...(err instanceof JobAlreadyRunningError ? { jobId: err.jobId } : {}) } };
}

export function internalError(requestId: string): ErrorAnswer {
  return {
    status: 500,
    body: {
      error: 'internal',
      message: `Something went wrong inside PresenceBridge. The service log has the details under request id ${requestId}; try again, and report it if it persists.`,
    },
  };
}
