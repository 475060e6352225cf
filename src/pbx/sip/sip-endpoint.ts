/**
 * Where the PBX is and who we are towards it, and the timing rules shared by subscriptions,
 * publications and pings.
 */
import type { BackoffTiming } from '../../backoff';
import type { Remote } from './sip-transport';

export interface SipEndpoint {
  /** Every request goes here (the PBX acts as our outbound proxy). */
  pbx: Remote;
  /** The PBX itself as a SIP URI, with `;transport=tcp` over TCP, e.g. sip:10.0.0.2:5060;transport=tcp. */
  pbxUri: string;
  /** The SIP domain of the extensions: sip:<extension>@<domain>. */
  domain: string;
  /** Our own address of record, e.g. sip:presence-bridge@pbx.example.com. */
  identityUri: string;
  /** Where the PBX reaches us, e.g. sip:presence-bridge@10.0.0.5:5070 (with `;transport=tcp` over TCP). */
  contactUri: string;
}

export const extensionUri = (endpoint: Pick<SipEndpoint, 'domain'>, extension: string) => `sip:${extension}@${endpoint.domain}`;

/**
 * Back-off for re-trying after failures (the shared src/backoff.ts); the connector uses no jitter:
 * base, 2*base, 4*base ... up to max.
 */
export type RetryPolicy = Required<BackoffTiming>;

/** Refresh when 80% of the granted time has passed, but at least 5 s before the end when possible. */
export const refreshDelayMs = (expiresSec: number) => Math.max(1000, Math.min(expiresSec * 800, (expiresSec - 5) * 1000));
