/**
 * What the consent popup keeps between its first page and its last: the admin's token (for the two API
 * calls), the state nonce that proves the answer belongs to this request, and which app registration of the
 * pool is being consented (none: the setup's own, through the setup routes as before). sessionStorage is per popup
 * window and survives the round trip through Microsoft's page; both are removed on the way back.
 */
const TOKEN_KEY = 'presence-bridge.consent.token';
const STATE_KEY = 'presence-bridge.consent.state';
const REGISTRATION_KEY = 'presence-bridge.consent.registration';

export function rememberConsentRequest(token: string, registration?: string): string {
  const state = crypto.randomUUID();
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(STATE_KEY, state);
  if (registration) sessionStorage.setItem(REGISTRATION_KEY, registration);
  else sessionStorage.removeItem(REGISTRATION_KEY);
  return state;
}

export function takeConsentRequest(): { token?: string; state?: string; registration?: string } {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  const state = sessionStorage.getItem(STATE_KEY) ?? undefined;
  const registration = sessionStorage.getItem(REGISTRATION_KEY) ?? undefined;
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(STATE_KEY);
  sessionStorage.removeItem(REGISTRATION_KEY);
  return { token, state, registration };
}

/** Teams refuses a popup URL longer than this (teams-js validateUrl). */
export const MAX_POPUP_URL = 2048;

/**
 * The token travels to the start page in the URL fragment: fragments are never sent to a server. A token
 * too long for Teams' popup URL limit (many group claims) stays behind; the start page then asks Teams.
 */
export function consentStartUrl(token: string, registration?: string): string {
  const page = new URL(`${import.meta.env.BASE_URL}consent-start.html`, window.location.origin).href;
  const which = registration ? `registration=${encodeURIComponent(registration)}` : '';
  const withToken = `${page}#${which ? `${which}&` : ''}token=${encodeURIComponent(token)}`;
  if (withToken.length <= MAX_POPUP_URL) return withToken;
  return which ? `${page}#${which}` : page;
}

export function consentEndUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}consent-end.html`, window.location.origin).href;
}
