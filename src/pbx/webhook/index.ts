export {
  createWebhookConnector,
  webhookConnectorOf,
  type WebhookConnector,
  type WebhookConnectorDeps,
  type RoutingPayload,
} from './webhook-connector';
export {
  parseWebhookSettings,
  describeWebhookSettings,
  webhookSettingsSchema,
  type WebhookSettings,
  type WebhookSettingsInput,
} from './settings';
export {
  DEFAULT_LINE_STATE_MAPPING,
  parseLineStateMapping,
  applyLineStateMapping,
  lineStateMappingSchema,
  type LineStateMapping,
} from './line-state-mapping';
export { createLineStateWebhookHandler, type WebhookRequest, type WebhookResponse, type WebhookRejection } from './line-state-webhook';
export { signatureHeaders, verifySignature, computeSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature';
export { WebhookSettingsError, LineStateMappingError } from './errors';
export { createReplayGuard, createLedgerReplayGuard, type ReplayGuard, type ReplayLedger } from './replay-guard';
