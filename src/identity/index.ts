/** Identity matching: what the rest of the service calls. */
export * from './types';
export { matchUsers, type MatchInput, type MatchResult, type ExclusionReason, type IgnoredOverrideReason } from './match';
export { normalisePhoneNumber } from './phone-number';
export { normaliseAddress, smtpAddressOf } from './match-keys';
export * from './csv';
export { applyDirectoryDelta, type DirectoryDelta } from './directory-delta';
export type { DirectoryAlert, DirectoryAlertKind } from './directory-alert';
export { DEFAULT_MAX_DROP_SHARE, judgeMappingChange, type MappingChange } from './refresh-guard';
export {
  refreshDirectory,
  type DirectoryRefreshDeps,
  type DirectoryRefreshOptions,
  type DirectoryRefreshResult,
  type DirectoryRefreshSummary,
  type RefreshPhase,
  type RefreshProgress,
  type RefreshStore,
} from './directory-refresh';
export {
  createDirectoryRefreshDriver,
  DEFAULT_REFRESH_INTERVAL_MS,
  type DirectoryRefreshDriver,
  type DirectoryRefreshDriverOptions,
  type RefreshRequest,
} from './directory-refresh-driver';
export * from './errors';
