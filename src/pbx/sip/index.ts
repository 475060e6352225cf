/** The SIP connector's public surface. */
export { SipConnector, type SipConnectorDeps } from './sip-connector';
export {
  parseSipConnectorSettings,
  SipConnectorSettingsSchema,
  type SipConnectorSettings,
  type SipConnectorSettingsInput,
} from './sip-settings';
export { SipParseError, SipFramingError, SipTimeoutError, SipRequestFailedError, SipTransportError, SipSettingsError } from './sip-errors';
export { parseDialogInfo, type DialogInfoDocument, type DialogEntry } from './dialog-info';
export { aggregateLineState } from './line-state-aggregate';
export { buildPidf } from './pidf';
