/** The connectors a tenant can choose: one list for the settings, the admin API and the factory. */
export const CONNECTOR_KINDS = ['webhook', 'sip', 'asterisk-ari', 'asterisk-ami'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];
