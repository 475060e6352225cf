/**
 * One Graph simulator per test file: started before the file's tests, closed after them, with a client that
 * trusts its certificate. Call `useGraphSimulator` at the top of a test file; `sim` and `client` are there
 * from the first test on.
 */
import { type GraphSimulator, type GraphSimulatorOptions, type TenantSpec, startGraphSimulator } from '../../../src/sim/graph';
import { simClient } from './sim-client';

export interface SimulatorFixture {
  readonly sim: GraphSimulator;
  readonly client: ReturnType<typeof simClient>;
  /** A new tenant (with the fixture's people unless `spec.users` says otherwise), a token for it and its controls. */
  tenantWithToken(spec?: TenantSpec): Promise<{
    creds: ReturnType<GraphSimulator['addTenant']>;
    token: string;
    controls: ReturnType<GraphSimulator['tenant']>;
  }>;
}

export function useGraphSimulator(options: Pick<GraphSimulatorOptions, 'clock'> & { users?: TenantSpec['users'] } = {}): SimulatorFixture {
  let sim: GraphSimulator | undefined;
  let client: ReturnType<typeof simClient> | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The Graph simulator starts in beforeAll: use it inside a test or hook.');
    return value;
  };

  beforeAll(async () => {
    sim = await startGraphSimulator(options.clock ? { clock: options.clock } : {});
    client = simClient(sim);
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
  });

  const fixture: SimulatorFixture = {
    get sim() {
      return started(sim);
    },
    get client() {
      return started(client);
    },
    async tenantWithToken(spec = {}) {
      const creds = fixture.sim.addTenant({ ...(options.users && { users: options.users }), ...spec });
      return { creds, token: await fixture.client.accessToken(creds), controls: fixture.sim.tenant(creds.tenantId) };
    },
  };
  return fixture;
}
