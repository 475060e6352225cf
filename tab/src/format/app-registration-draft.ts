/** What the admin typed into the add or new-credential form, and what of it goes to the service. */
import type { AppRegistrationChange, AppRegistrationInput } from '../api/types';
import { msFromDateInput } from './date-input';

export interface RegistrationDraft {
  label: string;
  clientId: string;
  credential: 'secret' | 'certificate';
  secret: string;
  /** The date input's value (yyyy-mm-dd), empty when not known. */
  secretExpires: string;
  certificate: string;
  key: string;
}

export const EMPTY_DRAFT: RegistrationDraft = {
  label: '',
  clientId: '',
  credential: 'secret',
  secret: '',
  secretExpires: '',
  certificate: '',
  key: '',
};

/** The chosen credential only: a secret with its expiry (null: not known), or a certificate with its key. */
function credentialOf(
  d: RegistrationDraft,
): Pick<AppRegistrationInput, 'clientSecret' | 'clientSecretExpiresAt' | 'certificatePem' | 'privateKeyPem'> {
  if (d.credential === 'certificate') return { certificatePem: d.certificate, privateKeyPem: d.key };
  return { clientSecret: d.secret, clientSecretExpiresAt: msFromDateInput(d.secretExpires) ?? null };
}

/** POST /app-registrations: the service checks the fields and names the ones it refuses. */
export function addInput(d: RegistrationDraft): AppRegistrationInput {
  return { label: d.label.trim(), clientId: d.clientId.trim(), ...credentialOf(d) };
}

/** PUT /app-registrations/:id with a new credential (the label and client id stay). */
export function credentialChange(d: RegistrationDraft): AppRegistrationChange {
  return credentialOf(d);
}

/** Field names the service's 400 answer may use, mapped to the field of the form that shows them. */
export const FIELD_OF: Record<string, keyof RegistrationDraft> = {
  label: 'label',
  clientId: 'clientId',
  clientSecret: 'secret',
  clientSecretExpiresAt: 'secretExpires',
  certificatePem: 'certificate',
  privateKeyPem: 'key',
};

/** The labels the forms show for the service's field names. */
export const LABEL_OF: Record<string, string> = {
  label: 'Name',
  clientId: 'Application (client) ID',
  clientSecret: 'Client secret value',
  clientSecretExpiresAt: 'Client secret expires on',
  certificatePem: 'Certificate (PEM)',
  privateKeyPem: 'Private key (PEM)',
};

/** The service's sentence in the words on screen: its field names become the labels, and it starts with a capital. */
export function onScreenText(message: string): string {
  const text = message.replace(/\b(clientSecretExpiresAt|clientSecret|clientId|certificatePem|privateKeyPem)\b/g, (name) => LABEL_OF[name]);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The service's field problems by form field, in the words on screen; a problem on no field of the form (or on
 * the body as a whole) comes back under `other`, named by its label where it has one, so it is still shown.
 */
export function problemsByField(problems: Map<string, string>): {
  fields: Partial<Record<keyof RegistrationDraft, string>>;
  other: string[];
} {
  const fields: Partial<Record<keyof RegistrationDraft, string>> = {};
  const other: string[] = [];
  for (const [path, message] of problems) {
    const name = path.split(/[.[]/)[0];
    const field = FIELD_OF[name];
    if (field && !fields[field]) fields[field] = onScreenText(message);
    else other.push(onScreenText(path && path !== 'body' ? `${LABEL_OF[name] ?? path}: ${message}` : message));
  }
  return { fields, other };
}
