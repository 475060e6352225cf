/** Where the tab runs: inside Teams (SSO, Teams theme, Teams popups) or in LOCAL MODE (demo token, browser popups). */
export type ThemeName = 'default' | 'dark' | 'contrast';

export interface TabHost {
  mode: 'teams' | 'local';
  /** Why the tab is in local mode, in plain words. */
  localReason?: string;
  /** From the Teams context; in local mode the service knows the tenant from the token. */
  tenantId?: string;
  userPrincipalName?: string;
  theme: ThemeName;
  /** Returns the unsubscribe. */
  onThemeChange(handler: (theme: ThemeName) => void): () => void;
  /** fresh: the service refused the last one (401): ask the host again. */
  getToken(options?: { fresh?: boolean }): Promise<string>;
  /** Opens a sign-in style popup (admin consent) and resolves with what its last page reported. */
  authenticate(url: string): Promise<string>;
}

export function asThemeName(value: string | undefined | null): ThemeName {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}
