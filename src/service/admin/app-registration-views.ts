/**
 * The app-registration pool of a tenant as the admin sees and changes it (issue 12.1): the tab's Setup step,
 * `check` and the bot read `AppRegistrationView`; only `AppRegistrationInput` carries secrets, and only inward.
 *
 * HTTP (all admin-only, the tenant from the signed-in admin's token):
 *   GET    /api/admin/app-registrations                        -> 200 { registrations: AppRegistrationView[] }
 *   POST   /api/admin/app-registrations                        AppRegistrationInput -> 201 AppRegistrationView
 *   PUT    /api/admin/app-registrations/:id                    AppRegistrationChange -> 200 AppRegistrationView
 *   DELETE /api/admin/app-registrations/:id                    -> 204 (the primary: 409, it is the tenant's setup)
 *   POST   /api/admin/app-registrations/:id/check-permissions  -> 200 PermissionReport (that registration's token)
 *   GET    /api/admin/app-registrations/:id/consent-url?redirectUri=&state= -> 200 { url }
 *   POST   /api/admin/app-registrations/:id/consent-result     { granted, error?, errorDescription? } -> 204
 */

/** The registration the tenant's setup names (client id, secret or certificate) is always `primary`. */
export const PRIMARY_REGISTRATION_ID = 'primary';

export type AppRegistrationHealth = 'ok' | 'throttled' | 'failing' | 'unchecked';

export interface AppRegistrationView {
  /** `primary`, or the id the service gave an added registration. */
  id: string;
  /** The admin's name for it, e.g. "Presence pool 2". */
  label: string;
  clientId: string;
  primary: boolean;
  credential: { kind: 'secret' | 'certificate' | 'none'; expiresAt?: number; daysLeft?: number };
  /** Admin consent as recorded from the consent popup (own apps consented in Entra show `unknown`). */
  consent: 'granted' | 'refused' | 'unknown';
  health: AppRegistrationHealth;
  /** Why it is failing or throttled, in the admin's words, with Entra/Graph's code and the fix. */
  problem?: { code?: string; message: string; fix?: string };
  /** The last permission check of this registration. */
  permissions?: { checkedAt: number; ok: boolean; missing: string[] };
  /** Its own share of Graph's budget and what it carries now. */
  use: {
    limitPer30s: number;
    usedLast30s: number;
    /** Users whose presence polling chunks this registration reads now (0 while it is failing). */
    usersPolled: number;
    writesLast30s: number;
    throttledTotal: number;
    /** Graph asked it to wait until then (Retry-After). */
    retryAfterUntil?: number;
  };
}

/** Adding a registration: its client id and one credential. Secrets go in and never come out. */
export interface AppRegistrationInput {
  label: string;
  clientId: string;
  clientSecret?: string;
  /** When the secret expires (ms since epoch); null: not known. */
  clientSecretExpiresAt?: number | null;
  certificatePem?: string;
  privateKeyPem?: string;
}

/** Renaming it or giving it a new credential; absent fields stay as they are. */
export type AppRegistrationChange = Partial<Omit<AppRegistrationInput, 'clientId'>>;
