/**
 * The PBX routing writer: each routing command reaches the connector of the tenant it names, and the connector's
 * answer comes back as the outcome the trace records; a failed write is also handed on for the tenant's admin.
 */
import { createLogger } from '../../src/logger';
import { ConnectorError, type PbxConnector } from '../../src/pbx/connector';
import { createConnector } from '../../src/pbx/create-connector';
import { createOutboundAddressPolicy } from '../../src/pbx/outbound-address-policy';
import { createOutboundGuard, outboundRefusalIn, OutboundAddressRefusedError } from '../../src/pbx/outbound-guard';
import { createRoutingWriter, type RoutingConnector } from '../../src/pbx/routing-writer';
import type { SetRoutingAction } from '../../src/sync/types';

const action = (tenantId: string, extension = '1001', state: SetRoutingAction['state'] = 'busy'): SetRoutingAction => ({
  kind: 'setRouting',
  tenantId,
  userId: 'u1',
  extension,
  state,
});

/** A connector that records what it was told and answers with `fails` (nothing: it accepts). */
function fakeConnector(kind: string, fails?: unknown): RoutingConnector & { applied: string[] } {
  const applied: string[] = [];
  return {
    kind,
    applied,
    async applyRouting(extension, state) {
      applied.push(`${extension}=${state}`);
      if (fails !== undefined) throw fails;
    },
  } satisfies Pick<PbxConnector, 'kind' | 'applyRouting'> & { applied: string[] };
}

function writerWith(connectors: Record<string, RoutingConnector>) {
  const errors: Array<{ tenantId: string; error: unknown }> = [];
  const writer = createRoutingWriter({
    connectors: new Map(Object.entries(connectors)),
    onError: (tenantId, error) => errors.push({ tenantId, error }),
  });
  return { writer, errors };
}

describe('routing writer', () => {
  test.each([
    ['webhook', '1001', 'busy', 'webhook: 1001 set to busy'],
    ['sip', '2002', 'dnd', 'sip: 2002 set to dnd'],
    ['asterisk-ari', '3003', 'available', 'asterisk-ari: 3003 set to available'],
  ] as const)('a %s connector that accepts: ok, "%s set to %s"', async (kind, extension, state, detail) => {
    const connector = fakeConnector(kind);
    const { writer, errors } = writerWith({ t1: connector });
    await expect(writer.setRouting(action('t1', extension, state))).resolves.toEqual({ ok: true, detail });
    expect(connector.applied).toEqual([`${extension}=${state}`]);
    expect(errors).toEqual([]);
  });

  test("writes go to the connector of the tenant the command names, never another tenant's", async () => {
    const a = fakeConnector('webhook');
    const b = fakeConnector('sip');
    const { writer } = writerWith({ a, b });
    await writer.setRouting(action('b', '1001', 'away'));
    expect(a.applied).toEqual([]);
    expect(b.applied).toEqual(['1001=away']);
  });

  test('a tenant that is not running: not ok, and nothing is written or reported', async () => {
    const other = fakeConnector('webhook');
    const { writer, errors } = writerWith({ other });
    await expect(writer.setRouting(action('t1'))).resolves.toEqual({ ok: false, detail: 'tenant not running' });
    expect(other.applied).toEqual([]);
    expect(errors).toEqual([]);
  });

  const refused = new ConnectorError('PBX answered 404: check the URL and that the extension exists on the PBX.', false);
  const away = new ConnectorError(
    'PBX at http://pbx.example.test/ unreachable after 3 tries (ECONNREFUSED): check that it is running and the URL is right.',
    true,
  );
  const guarded = new OutboundAddressRefusedError('10.0.0.5 is a private address', 'private');
  test.each([
    ['the PBX refuses', 'webhook', refused],
    ['the PBX cannot be reached', 'webhook', away],
    ['the outbound address guard refuses', 'sip', guarded],
  ])("%s: not ok with the connector's own words, and the error is reported for the tenant", async (_case, kind, error) => {
    const { writer, errors } = writerWith({ t1: fakeConnector(kind, error) });
    await expect(writer.setRouting(action('t1'))).resolves.toEqual({ ok: false, detail: `${kind}: ${error.message}` });
    expect(errors).toEqual([{ tenantId: 't1', error }]);
  });

  test('fenced (replicas sharing PostgreSQL): the token reaches the connector; without a live lease nothing is written', async () => {
    const seen: Array<number | undefined> = [];
    const connector: RoutingConnector = { kind: 'webhook', applyRouting: async (_e, _s, fence) => void seen.push(fence?.token()) };
    const tokens = new Map([['t1', 4]]);
    const writer = createRoutingWriter({ connectors: new Map([['t1', connector]]), fencingToken: (tenantId) => tokens.get(tenantId) });
    await expect(writer.setRouting(action('t1'))).resolves.toMatchObject({ ok: true });
    tokens.delete('t1'); // the lease lapsed or was taken over
    await expect(writer.setRouting(action('t1'))).resolves.toEqual({
      ok: false,
      detail: "skipped: this replica no longer holds the tenant's lease",
    });
    expect(seen).toEqual([4]);
  });

  test('without onError a failed write is still an outcome, not a rejection', async () => {
    const writer = createRoutingWriter({ connectors: new Map([['t1', fakeConnector('webhook', refused)]]) });
    await expect(writer.setRouting(action('t1'))).resolves.toEqual({ ok: false, detail: `webhook: ${refused.message}` });
  });

  test("a real webhook connector on a tenant admin's loopback address: refused before any connection, reported", async () => {
    const guard = createOutboundGuard(createOutboundAddressPolicy('singleTenant'));
    const connector = createConnector(
      't1',
      { connector: 'webhook', url: 'http://127.0.0.1:8089/routing', secret: 'x'.repeat(16) },
      createLogger('silent'),
      { outbound: guard },
    );
    try {
      const { writer, errors } = writerWith({ t1: connector });
      const outcome = await writer.setRouting(action('t1'));
      expect(outcome.ok).toBe(false);
      expect(outcome.detail).toMatch(/^webhook: PBX at .* not called: .*loopback/);
      expect(errors).toHaveLength(1);
      expect(outboundRefusalIn(errors[0].error)).toBeInstanceOf(OutboundAddressRefusedError);
    } finally {
      await guard.close();
    }
  });
});
