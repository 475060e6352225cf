/**
 * What can go wrong in identity matching, as a small catalogue of typed errors. Row-level CSV problems are
 * values (`CsvRowError`), not exceptions: an import answers with all of them at once.
 */
export type IdentityErrorCode = 'badMatchOptions' | 'importRejected' | 'refreshStopped';

export class IdentityError extends Error {
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IdentityError';
  }
}

/** The strategy list (usually from settings) names something matching does not know. */
export class MatchOptionsError extends IdentityError {
  constructor(detail: string) {
    super('badMatchOptions', `the match options are not usable: ${detail}`);
    this.name = 'MatchOptionsError';
  }
}

/** Someone tried to apply an import whose preview still has row errors: nothing was applied. */
export class ImportRejectedError extends IdentityError {
  constructor(what: string, errorCount: number) {
    super(
      'importRejected',
      `the ${what} import has ${errorCount} row error(s), so nothing was applied. ` +
        'Fix the rows listed in the preview and import the file again.',
    );
    this.name = 'ImportRejectedError';
  }
}

/** `refreshNow` after the refresh driver was stopped (the service is shutting down). */
export class RefreshStoppedError extends IdentityError {
  constructor(tenantId: string) {
    super('refreshStopped', `the directory refresh for tenant ${tenantId} was not started: the refresh driver is stopped.`);
    this.name = 'RefreshStoppedError';
  }
}
