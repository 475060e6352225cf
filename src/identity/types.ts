/** The two halves of a user and the link between them. */

/**
 * A user as the PBX knows them (its directory entry): the telephony half of the identity match. Connectors list
 * them, CSV imports replace them; identity owns the shape because it is what identity matches.
 */
export interface PbxUser {
  extension: string;
  displayName?: string;
  email?: string;
  /** E.164 where the PBX knows it. */
  phoneNumber?: string;
  /** The PBX's own login name (ProCall matches it to the UPN). */
  username?: string;
}

/** A Teams user as Graph's users delta reports them (already filtered to what matching needs). */
export interface DirectoryUser {
  id: string;
  displayName?: string;
  userPrincipalName?: string;
  mail?: string;
  /** e.g. ["SMTP:alice@contoso.com", "smtp:a.smith@contoso.com"] */
  proxyAddresses?: string[];
  otherMails?: string[];
  accountEnabled?: boolean;
  businessPhones?: string[];
  mobilePhone?: string;
  /** Teams phone number (from Teams user configuration), E.164. */
  teamsPhoneNumber?: string;
}

export const MATCH_STRATEGIES = ['upn', 'mail', 'proxyAddresses', 'phone'] as const;
export type MatchStrategy = (typeof MATCH_STRATEGIES)[number];

/** One admin decision that beats every strategy: link these two, or keep this Teams user out of sync. */
export interface MappingOverride {
  tenantId: string;
  userId: string;
  /** null: the user is excluded from sync. */
  extension: string | null;
  by: string;
  at: number;
}

export interface MappingEntry {
  tenantId: string;
  userId: string;
  extension: string;
  matchedBy: MatchStrategy | 'override';
}

/** A match that was not made because it was not unique. Never resolved at random. */
export interface MappingConflict {
  tenantId: string;
  /** The key that collided, e.g. "mail:alice@contoso.com". */
  key: string;
  userIds: string[];
  extensions: string[];
  reason: string;
}
