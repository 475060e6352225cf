/**
 * Integration harness: the real Graph simulator on loopback, sharing one fake clock with the code under test,
 * and our transport trusting the simulator's certificate through the setting (never globally).
 */
import { startGraphSimulator, type GraphSimulator, type TenantCredentials, type TenantSpec } from '../../src/sim/graph';
import { TenantGraphClient, type GraphClientOptions } from '../../src/graph/graph-client';
import { MsalTokenProvider, type ClientCredential } from '../../src/graph/token-provider';
import { createTransport, type Transport } from '../../src/graph/transport';
import { FakeTime } from './fake-time';

export interface Harness {
  sim: GraphSimulator;
  time: FakeTime;
  transport: Transport;
  addTenant(spec?: TenantSpec): TenantCredentials;
  tokens(creds: TenantCredentials, credential?: ClientCredential, scope?: string): MsalTokenProvider;
  client(creds: TenantCredentials, options?: Partial<GraphClientOptions>): TenantGraphClient;
  close(): Promise<void>;
}

/** Counts requests under way so that FakeTime.runUntil holds time still during real I/O. */
function countingTransport(inner: Transport, time: FakeTime): Transport {
  return {
    async fetch(url, request) {
      time.inFlight++;
      try {
        return await inner.fetch(url, request);
      } finally {
        time.inFlight--;
      }
    },
    close: () => inner.close(),
  };
}

export async function startHarness(options: { presenceRequestsPer30s?: number } = {}): Promise<Harness> {
  const time = new FakeTime(Date.now());
  const sim = await startGraphSimulator({ clock: time.clock, presenceRequestsPer30s: options.presenceRequestsPer30s });
  const transport = countingTransport(createTransport({ extraCaPem: sim.caCertPem, timeoutMs: 10_000 }), time);
  const tokens: Harness['tokens'] = (creds, credential, scope) =>
    new MsalTokenProvider({
      tenantId: creds.tenantId,
      clientId: creds.clientId,
      credential: credential ?? { kind: 'secret', secret: creds.clientSecret },
      authorityHost: sim.url,
      graphBaseUrl: creds.graphBaseUrl,
      transport,
      clock: time.clock,
      scope,
    });
  return {
    sim,
    time,
    transport,
    addTenant: (spec) => sim.addTenant(spec),
    tokens,
    client(creds, extra = {}) {
      return new TenantGraphClient({
        tenantId: creds.tenantId,
        graphBaseUrl: creds.graphBaseUrl,
        tokens: extra.tokens ?? tokens(creds),
        transport,
        clock: time.clock,
        sleep: time.sleep,
        random: () => 0.5,
        ...extra,
      });
    },
    async close() {
      await transport.close();
      await sim.close();
    },
  };
}
