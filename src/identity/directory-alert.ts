/** What a directory refresh tells the alert system when it kept the last good mapping. */
export type DirectoryAlertKind = 'directory-fetch-failed' | 'directory-would-drop-users';

export interface DirectoryAlert {
  kind: DirectoryAlertKind;
  tenantId: string;
  /** One plain sentence for the channel and the tab: what happened, what was kept, what to do. */
  message: string;
  /** Numbers and names behind the message (never a secret). */
  detail: Record<string, unknown>;
}
