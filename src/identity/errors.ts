/**
 * What can go wrong in identity matching, as a small catalogue of typed errors. Row-level CSV problems are
 * values (`CsvRowError`), not exceptions: an import answers with all of them at once.
 */
import { CodedError } from '../coded-error';

export type IdentityErrorCode = 'badMatchOptions' | 'importRejected' | 'refreshStopped';

export class IdentityError extends CodedError {
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    fix: string,
    options: { cause?: unknown; fixInMessage?: string } = {},
  ) {
    super(message, fix, options);
    this.name = 'IdentityError';
  }
}

/** The strategy list (usually from settings) names something matching does not know. */
export class MatchOptionsError extends IdentityError {
  constructor(detail: string) {
    super(
      'badMatchOptions',
      `the match options are not usable: ${detail}`,
      "list only known strategies in the match options setting (see the setting's description in Setup), then save again.",
    );
    this.name = 'MatchOptionsError';
  }
}

/** Someone tried to apply an import whose preview still has row errors: nothing was applied. */
export class ImportRejectedError extends IdentityError {
  constructor(what: string, errorCount: number) {
    super(
      'importRejected',
      `the ${what} import has ${errorCount} row error(s), so nothing was applied.`,
      'Fix the rows listed in the preview and import the file again.',
      { fixInMessage: ' ' },
    );
    this.name = 'ImportRejectedError';
  }
}

/** `refreshNow` after the refresh driver was stopped (the service is shutting down). */
export class RefreshStoppedError extends IdentityError {
  constructor(tenantId: string) {
    super(
      'refreshStopped',
      `the directory refresh for tenant ${tenantId} was not started: the refresh driver is stopped.`,
      'the service is shutting down or restarting: wait until it is running again, then start the refresh again.',
    );
    this.name = 'RefreshStoppedError';
  }
}
