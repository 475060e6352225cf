/**
 * What can go wrong in the store, as a small catalogue of typed errors. Messages say what is wrong and how
 * to fix it; none ever carries a secret or a key.
 */
import { CodedError, type CodedErrorOptions } from '../coded-error';

export type StoreErrorCode =
  | 'cannotOpen'
  | 'badSecretKey'
  | 'secretKeyMismatch'
  | 'keyFileUnsafe'
  | 'keyFileMissing'
  | 'schemaTooNew'
  | 'migrationFailed'
  | 'badInput'
  | 'corruptData';

export class StoreError extends CodedError {
  constructor(
    readonly code: StoreErrorCode,
    problem: string,
    fix: string,
    options?: CodedErrorOptions,
  ) {
    super(problem, fix, options);
    this.name = 'StoreError';
  }
}

export const SQLITE_OPEN_HINT = 'Check that PB_DB_PATH points at a PresenceBridge database (or at a new file) in a writable folder.';
export const POSTGRES_OPEN_HINT =
  'Check that PB_DATABASE_URL names a running PostgreSQL server this machine can reach, with the right user, password and database.';

/**
 * The database cannot be opened: a file that is not a SQLite database, or a PostgreSQL server that does not
 * answer or refuses the login. `where` is a path or a URL already stripped of its password.
 */
export class StoreOpenError extends StoreError {
  constructor(where: string, cause: unknown, hint = SQLITE_OPEN_HINT) {
    super('cannotOpen', `cannot open the database at ${where}: ${cause instanceof Error ? cause.message : String(cause)}.`, hint, {
      cause,
      fixInMessage: ' ',
    });
    this.name = 'StoreOpenError';
  }
}

/** The configured key is not a 32-byte key in base64 or hex. */
export class SecretKeyFormatError extends StoreError {
  constructor(detail: string, source = 'the secret key (PB_SECRET_KEY)') {
    super(
      'badSecretKey',
      `${source} is not usable: ${detail}.`,
      'It must be 32 random bytes written as base64 (44 characters) or hex (64 characters); generate one with `openssl rand -base64 32`.',
      { fixInMessage: ' ' },
    );
    this.name = 'SecretKeyFormatError';
  }
}

/** Stored secrets were sealed with another key (or the sealed value was tampered with). */
export class SecretKeyMismatchError extends StoreError {
  constructor(where: string, options?: { cause?: unknown }) {
    super(
      'secretKeyMismatch',
      `the secret key does not match the one these secrets were stored with (${where}).`,
      'Start with the key they were stored with; if that key is lost, discard the stored secrets (forgetSecrets in src/store) and enter them again.',
      { ...options, fixInMessage: ' ' },
    );
    this.name = 'SecretKeyMismatchError';
  }
}

/** The key file exists but others may read it. */
export class KeyFileUnsafeError extends StoreError {
  constructor(path: string, mode: number) {
    super(
      'keyFileUnsafe',
      `the key file ${path} is readable by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')});`,
      `restrict it with \`chmod 600 ${path}\`.`,
      { fixInMessage: ' ' },
    );
    this.name = 'KeyFileUnsafeError';
  }
}

/** The key file is gone, but the store already holds a key's check: a new key could never open its secrets. */
export class KeyFileMissingError extends StoreError {
  constructor(path: string, where: string) {
    super(
      'keyFileMissing',
      `the key file ${path} is missing, but the database at ${where} already holds secrets sealed with a key; nothing was written.`,
      'put the key file back (from a backup), or set PB_SECRET_KEY to that key. ' +
        'If the key is lost, discard the stored secrets (forgetSecrets in src/store) and enter them again.',
      { fixInMessage: ' Fix: ' },
    );
    this.name = 'KeyFileMissingError';
  }
}

/** The database was written by a newer build that knows migrations this one does not. */
export class SchemaTooNewError extends StoreError {
  constructor(found: number, known: number) {
    super(
      'schemaTooNew',
      `the database has schema version ${found}, but this build of PresenceBridge only knows up to version ${known}; it was written by a newer release.`,
      'Upgrade PresenceBridge, or point it at another database file.',
      { fixInMessage: ' ' },
    );
    this.name = 'SchemaTooNewError';
  }
}

export class MigrationError extends StoreError {
  constructor(version: number, name: string, cause: unknown) {
    super(
      'migrationFailed',
      `migration ${version} (${name}) failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`,
      'nothing was changed: check the database (free space, permissions, the service log has the cause), then start PresenceBridge again; if it fails again, report it with the log.',
      { cause },
    );
    this.name = 'MigrationError';
  }
}

/** A caller handed the store something it cannot keep; nothing was changed. */
export class StoreInputError extends StoreError {
  constructor(message: string) {
    super('badInput', `${message}; nothing was changed.`, 'correct the value named above and try again.');
    this.name = 'StoreInputError';
  }
}

/** A row could not be read back (hand-edited database, disk damage). */
export class CorruptDataError extends StoreError {
  constructor(where: string, options?: { cause?: unknown }) {
    super('corruptData', `stored data is unreadable (${where});`, 'restore the database from a backup or re-import it.', {
      ...options,
      fixInMessage: ' ',
    });
    this.name = 'CorruptDataError';
  }
}
