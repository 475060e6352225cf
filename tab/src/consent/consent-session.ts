/**
 * What the consent popup keeps between its first page and its last: the admin's token (for the two API
 * calls) and the state nonce that proves the answer belongs to this request. sessionStorage is per popup
 * window and survives the round trip through Microsoft's page; both are removed on the way back.
 */
const TOKEN_KEY = 'presence-bridge.consent.token';
const STATE_KEY = 'presence-bridge.consent.state';

export function rememberConsentRequest(token: string): string {
  const state = crypto.randomUUID();
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(STATE_KEY, state);
  return state;
}

export function takeConsentRequest(): { token?: string; state?: string } {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  const state = sessionStorage.getItem(STATE_KEY) ?? undefined;
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(STATE_KEY);
  return { token, state };
}

/** Teams refuses a popup URL longer than this (teams-js validateUrl). */
export const MAX_POPUP_URL = 2048;

/**
 * The token travels to the start page in the URL fragment: fragments are never sent to a server. A token
 * too long for Teams' popup URL limit (many group claims) stays behind; the start page then asks Teams.
 */
export function consentStartUrl(token: string): string {
  const page = new URL(`${import.meta.env.BASE_URL}consent-start.html`, window.location.origin).href;
  const withToken = `${page}#token=${encodeURIComponent(token)}`;
  return withToken.length <= MAX_POPUP_URL ? withToken : page;
}

export function consentEndUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}consent-end.html`, window.location.origin).href;
}
