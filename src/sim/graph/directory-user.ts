/**
 * A user as the simulated tenant holds it: the properties of Graph's `user` resource that the simulator serves
 * (facts/graph.md, "Directory"), plus the Teams phone number that Teams user configuration reports.
 */
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
  /** E.164, served by the Teams user configuration endpoint, not by /users. */
  teamsPhoneNumber?: string;
}
