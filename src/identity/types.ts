/** The two halves of a user and the link between them. */
import type { PbxUser } from '../pbx/connector';

export type { PbxUser };

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
