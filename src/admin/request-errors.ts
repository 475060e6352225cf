import { CodedError, type CodedErrorOptions } from '../coded-error';

/**
 * What the admin API's own request handling can refuse, beyond authentication and the AdminService's errors.
 * The message is "<problem> <fix>" unless a refusal says otherwise.
 */
export abstract class RequestError extends CodedError {
  abstract readonly status: number;
  constructor(problem: string, fix: string, options: CodedErrorOptions = { fixInMessage: ' ' }) {
    super(problem, fix, options);
  }
}

export class NotFoundError extends RequestError {
  readonly status = 404;
  constructor(
    readonly code: 'unknownUser' | 'unknownJob' | 'notFound',
    problem: string,
    fix: string,
  ) {
    super(problem, fix);
  }
}

export class PayloadTooLargeError extends RequestError {
  readonly code = 'bodyTooLarge';
  readonly status = 413;
  constructor(maxBytes: number) {
    super(
      `The request body is larger than ${Math.round(maxBytes / 1024)} KiB.`,
      'Split the file, or remove rows that do not need to change.',
    );
  }
}

export class UnsupportedMediaTypeError extends RequestError {
  readonly code = 'unsupportedMediaType';
  readonly status = 415;
  constructor(got: string, expected: string) {
    super(`The request body is sent as '${got}', but this route takes ${expected}.`, `Set the Content-Type header to ${expected}.`);
  }
}

/** A job of the tenant is still running: the answer names it so the caller can follow it instead. */
export class JobAlreadyRunningError extends RequestError {
  readonly code = 'jobRunning';
  readonly status = 409;
  constructor(
    readonly jobId: string,
    kind: string,
  ) {
    super(
      `A ${kind} job is already running for this tenant.`,
      `Follow its progress at /api/admin/jobs/${jobId}, and start a new one when it is done.`,
    );
  }
}
