/**
 * What each strategy compares, as normalised keys for both halves. A key is only ever compared with keys of
 * the same strategy, so "alice@contoso.com" from `mail` never meets the same text from `upn`.
 * Keys are handed to a callback rather than collected, because matching runs over 100,000 users at a time;
 * a value may be handed over twice (mail equal to one of otherMails), and callers tolerate that.
 */
import type { DirectoryUser, MatchStrategy, PbxUser } from './types';
import { normalisePhoneNumber } from './phone-number';

export type KeySink = (key: string) => void;

/** Addresses and login names compare case-insensitively, without surrounding blanks. */
export function normaliseAddress(raw: string | null | undefined): string | undefined {
  const value = raw?.trim().toLowerCase();
  return value ? value : undefined;
}

const SMTP_PREFIX = 'smtp:';

/** `SMTP:alice@contoso.com` (primary) and `smtp:a.smith@contoso.com` (alias) -> the address; SIP:, X500: etc. -> none. */
export function smtpAddressOf(proxyAddress: string | null | undefined): string | undefined {
  const value = proxyAddress?.trim();
  return value && value.slice(0, SMTP_PREFIX.length).toLowerCase() === SMTP_PREFIX
    ? normaliseAddress(value.slice(SMTP_PREFIX.length))
    : undefined;
}

function emit(sink: KeySink, key: string | undefined): void {
  if (key) sink(key);
}

/** The keys a Teams user offers to a strategy. Mobile numbers are left out: they are personal, not a line. */
export function forEachDirectoryKey(user: DirectoryUser, strategy: MatchStrategy, sink: KeySink): void {
  switch (strategy) {
    case 'upn':
      emit(sink, normaliseAddress(user.userPrincipalName));
      return;
    case 'mail':
      emit(sink, normaliseAddress(user.mail));
      for (const other of user.otherMails ?? []) emit(sink, normaliseAddress(other));
      return;
    case 'proxyAddresses':
      for (const proxy of user.proxyAddresses ?? []) emit(sink, smtpAddressOf(proxy));
      return;
    case 'phone':
      emit(sink, normalisePhoneNumber(user.teamsPhoneNumber));
      for (const phone of user.businessPhones ?? []) emit(sink, normalisePhoneNumber(phone));
      return;
  }
}

/** The keys an extension offers to a strategy. ProCall-style PBXes carry the UPN as their login name. */
export function forEachPbxKey(user: PbxUser, strategy: MatchStrategy, sink: KeySink): void {
  switch (strategy) {
    case 'upn':
      emit(sink, normaliseAddress(user.email));
      emit(sink, normaliseAddress(user.username));
      return;
    case 'mail':
    case 'proxyAddresses':
      emit(sink, normaliseAddress(user.email));
      return;
    case 'phone':
      emit(sink, normalisePhoneNumber(user.phoneNumber));
      return;
  }
}

/** The distinct keys, collected: for callers that are not in a hurry (CSV checks, tests). */
export function directoryKeys(user: DirectoryUser, strategy: MatchStrategy): string[] {
  const keys = new Set<string>();
  forEachDirectoryKey(user, strategy, (key) => keys.add(key));
  return [...keys];
}

export function pbxKeys(user: PbxUser, strategy: MatchStrategy): string[] {
  const keys = new Set<string>();
  forEachPbxKey(user, strategy, (key) => keys.add(key));
  return [...keys];
}
