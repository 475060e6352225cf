/**
 * Why a request to the admin API was refused, as a small catalogue. `status` is the HTTP answer, `code` is
 * stable for the tab, and every message says what is wrong and what to do. No message ever carries the token.
 */
import { CodedError } from '../coded-error';

export type AuthErrorCode =
  | 'missingToken'
  | 'malformedToken'
  | 'expiredToken'
  | 'tokenNotYetValid'
  | 'badSignature'
  | 'wrongAudience'
  | 'wrongIssuer'
  | 'missingScope'
  | 'tenantNotServed'
  | 'notAdmin'
  | 'notYourData'
  | 'roleLookupFailed'
  | 'signingKeysUnavailable';

/** `problem` and `fix` make the message: "<problem> <fix>". */
export abstract class AuthError extends CodedError {
  abstract override readonly code: AuthErrorCode;
  abstract readonly status: 401 | 403 | 503;
  constructor(problem: string, fix: string, options?: { cause?: unknown }) {
    super(problem, fix, { ...options, fixInMessage: ' ' });
  }
}

const SIGN_IN_AGAIN = 'Open PresenceBridge from Teams again so that Teams issues a fresh sign-in token.';

export class MissingTokenError extends AuthError {
  readonly code = 'missingToken';
  readonly status = 401;
  constructor() {
    super('The request carries no sign-in token.', `Send "Authorization: Bearer <Teams SSO token>". ${SIGN_IN_AGAIN}`);
  }
}

export class MalformedTokenError extends AuthError {
  readonly code = 'malformedToken';
  readonly status = 401;
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`The sign-in token is not usable: ${detail}.`, SIGN_IN_AGAIN, options);
  }
}

export class ExpiredTokenError extends AuthError {
  readonly code = 'expiredToken';
  readonly status = 401;
  constructor(options?: { cause?: unknown }) {
    super('The sign-in token has expired.', SIGN_IN_AGAIN, options);
  }
}

export class TokenNotYetValidError extends AuthError {
  readonly code = 'tokenNotYetValid';
  readonly status = 401;
  constructor(options?: { cause?: unknown }) {
    super(
      "The sign-in token is not valid yet (its 'nbf' is in the future).",
      "Check that this server's clock is right, then try again.",
      options,
    );
  }
}

export class BadSignatureError extends AuthError {
  readonly code = 'badSignature';
  readonly status = 401;
  constructor(options?: { cause?: unknown }) {
    super(
      "The sign-in token was not signed by Microsoft Entra ID (its signature does not match any of Entra's keys).",
      SIGN_IN_AGAIN,
      options,
    );
  }
}

export class WrongAudienceError extends AuthError {
  readonly code = 'wrongAudience';
  readonly status = 401;
  constructor(expected: readonly string[], options?: { cause?: unknown }) {
    super(
      'The sign-in token was issued for another app.',
      `It must be issued for ${expected.join(' or ')}: check webApplicationInfo in the Teams app manifest and the app registration's Application ID URI.`,
      options,
    );
  }
}

export class WrongIssuerError extends AuthError {
  readonly code = 'wrongIssuer';
  readonly status = 401;
  constructor(detail: string) {
    super(`The sign-in token's issuer is not the Entra tenant it names: ${detail}.`, SIGN_IN_AGAIN);
  }
}

export class MissingScopeError extends AuthError {
  readonly code = 'missingScope';
  readonly status = 403;
  constructor(scope: string) {
    super(
      `The sign-in token does not grant the scope '${scope}'.`,
      'Expose that scope in the app registration (Expose an API) and pre-authorise the Teams clients for it.',
    );
  }
}

export class TenantNotServedError extends AuthError {
  readonly code = 'tenantNotServed';
  readonly status = 403;
  constructor(tenantId: string) {
    super(
      `This PresenceBridge deployment does not serve tenant ${tenantId}.`,
      'Sign in with an account of a tenant it serves, or set this tenant up on the deployment that serves it.',
    );
  }
}

export class NotAdminError extends AuthError {
  readonly code = 'notAdmin';
  readonly status = 403;
  constructor() {
    super(
      'Only a Global Administrator, a Teams Administrator or a member of the configured admin group can see this or change PresenceBridge.',
      'Ask one of them.',
    );
  }
}

export class NotYourDataError extends AuthError {
  readonly code = 'notYourData';
  readonly status = 403;
  constructor() {
    super(
      'You can see your own sync trace only;',
      "other people's data is for PresenceBridge admins (Global Administrator, Teams Administrator or the admin group).",
    );
  }
}

export class RoleLookupError extends AuthError {
  readonly code = 'roleLookupFailed';
  readonly status = 503;
  constructor(options?: { cause?: unknown }) {
    super(
      'Could not find out whether you are an administrator (the directory role lookup failed).',
      'Try again in a minute; if it persists, check the service log.',
      options,
    );
  }
}

export class SigningKeysUnavailableError extends AuthError {
  readonly code = 'signingKeysUnavailable';
  readonly status = 503;
  constructor(options?: { cause?: unknown }) {
    super(
      "Could not load Microsoft Entra ID's signing keys to check the sign-in token.",
      'Check that this server can reach login.microsoftonline.com, then try again.',
      options,
    );
  }
}
