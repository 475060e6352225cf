/**
 * OPTIONS pings to the PBX on a fixed interval (the next one is scheduled when the previous one ends).
 * Any answer, whatever its status, means the PBX is there; no answer means it is not. The first answer
 * after silence is reported as `onBack`: the PBX may have restarted and forgotten our subscriptions.
 */
import type { Scheduler, TimerHandle } from '../../time/clock';
import type { SipEndpoint } from './sip-endpoint';
import { newCallId, newTag } from './sip-ids';
import { headerValue, type SipRequest, type SipResponse } from './sip-message';
import type { SipUserAgent } from './user-agent';

export interface KeepaliveEvents {
  onAnswer(response: SipResponse): void;
  onSilence(error: Error): void;
  onBack(): void;
}

export function buildOptions(endpoint: SipEndpoint): SipRequest {
  return {
    kind: 'request',
    method: 'OPTIONS',
    uri: endpoint.pbxUri,
    headers: [
      { name: 'From', value: `<${endpoint.identityUri}>;tag=${newTag()}` },
      { name: 'To', value: `<${endpoint.pbxUri}>` },
      { name: 'Call-ID', value: newCallId(endpoint.domain) },
      { name: 'CSeq', value: '1 OPTIONS' },
      { name: 'Contact', value: `<${endpoint.contactUri}>` },
      { name: 'Accept', value: 'application/sdp' },
    ],
    body: '',
  };
}

/** "200 Keepalive (Server: Kamailio 5.6)" */
export const describeAnswer = (response: SipResponse) => {
  const server = headerValue(response, 'Server') ?? headerValue(response, 'User-Agent');
  return `${response.status} ${response.reason}${server ? ` (${server})` : ''}`;
};

export class PbxKeepalive {
  private timer?: TimerHandle;
  private running = false;
  private silent = false;

  constructor(
    private readonly ua: Pick<SipUserAgent, 'request'>,
    private readonly endpoint: SipEndpoint,
    private readonly intervalMs: number,
    private readonly scheduler: Scheduler,
    private readonly events: KeepaliveEvents,
  ) {}

  start(): void {
    this.running = true;
    void this.ping();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
  }

  private async ping(): Promise<void> {
    try {
      const response = await this.ua.request(buildOptions(this.endpoint), this.endpoint.pbx);
      if (!this.running) return;
      this.events.onAnswer(response);
      if (this.silent) {
        this.silent = false;
        this.events.onBack();
      }
    } catch (error) {
      if (!this.running) return;
      this.silent = true;
      this.events.onSilence(error as Error);
    }
    if (this.running) this.timer = this.scheduler.after(this.intervalMs, () => void this.ping());
  }
}
