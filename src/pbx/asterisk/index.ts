/** The Asterisk connectors: ARI (preferred) and AMI (fallback). See README.md for the Asterisk side. */
export { createAriConnector } from './ari-connector';
export { createAmiConnector } from './ami-connector';
export { parseAriSettings, redactAriSettings, type AriSettings, type AriSettingsInput } from './ari-settings';
export { parseAmiSettings, redactAmiSettings, type AmiSettings, type AmiSettingsInput } from './ami-settings';
export type { AsteriskDeps, AsteriskLogger } from './settings-common';
export { AsteriskAuthError, AsteriskProtocolError, AsteriskRefusedError, AsteriskSettingsError, AsteriskUnreachableError } from './errors';
export { DEFAULT_ROUTING_DEVICE_STATES, PRESENCE_OF_ROUTING } from './routing-map';
