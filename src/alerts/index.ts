/** Health signals -> alerts: what the rest of the service imports from src/alerts. */
export * from './alert-types';
export * from './errors';
export type { AppRegistrationHealth, HealthError, HealthPart, TenantHealth, TenantHealthSource } from './tenant-health';
export { conditionsFromStatus, DEFAULT_CONDITION_SETTINGS, type ConditionSettings } from './alert-conditions';
export { reconcileAlerts, type OpenAlert, type ReconcilePlan } from './alert-reconcile';
export {
  createAlertEngine,
  DEFAULT_ALERT_SETTINGS,
  type AlertEngine,
  type AlertEngineDeps,
  type AlertEngineSettings,
  type OpenAlertView,
} from './alert-engine';
export { createMemoryAlertRepository } from './memory-alert-repository';
export { retryDelayMs, type RetrySettings } from './retry-backoff';
export type { RateLimitSettings } from './rate-limit';
