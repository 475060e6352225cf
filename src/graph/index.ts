/** The Microsoft side of PresenceBridge: what the rest of the service imports from src/graph. */
export { createTransport, type Transport, type TransportOptions } from './transport';
export { MsalTokenProvider, graphScopeFor, type AccessToken, type ClientCredential, type TokenProvider } from './token-provider';
export { readClientCertificate, daysUntilExpiry, type ClientCertificate } from './client-certificate';
export { TenantGraphClient, DEFAULT_BUDGET, type GraphClientOptions, type GraphClientStats, type GraphCall } from './graph-client';
export { PresencePoller, type PresencePollerOptions, type PresencePollerStats, type SweepResult } from './presence-poller';
export { sweepPeriodMs, MAX_IDS_PER_PRESENCE_REQUEST } from './sweep-period';
export {
  createPresenceWriter,
  PresenceWriter,
  isSettablePreferredPresence,
  type PresenceWriterOptions,
  type PresenceWriterStats,
  type TeamsWriteAction,
} from './presence-writer';
export { fetchUserDelta, fetchTeamsPhoneNumbers, withTeamsPhoneNumbers, type DirectoryDelta } from './directory';
export { checkTenantConnection, type PermissionCheckResult, type PermissionStatus } from './permission-check';
export { REQUIRED_PERMISSIONS, type RequiredPermission } from './required-permissions';
export {
  connectTenant,
  credentialOf,
  TenantConnections,
  type GraphConnectionSettings,
  type TenantAppCredentials,
  type AddedAppCredentials,
  type TenantConnection,
} from './tenant-connection';
export { adminConsentUrl, explainEntraError } from './entra-error-catalogue';
export * from './errors';
export {
  AppRegistrationPool,
  PRIMARY_MEMBER_ID,
  isRegistrationFailure,
  type PoolMember,
  type MemberHealth,
  type MemberUse,
  type PoolChange,
} from './app-registration-pool';
