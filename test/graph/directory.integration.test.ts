import { generatePeople } from '../../src/sim/graph';
import { fetchTeamsPhoneNumbers, fetchUserDelta } from '../../src/graph/directory';
import { startHarness, type Harness } from './sim-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('directory against the simulator', () => {
  test('lists every user over several pages, then reports only changes and removals', async () => {
    const people = generatePeople(2_100, 21);
    const creds = h.addTenant({ users: people.directoryUsers });
    const client = h.client(creds);
    const total = people.directoryUsers.length;

    const first = await h.time.runUntil(fetchUserDelta(client));
    expect(first.fullResync).toBe(true);
    expect(first.upserts).toHaveLength(total);
    expect(first.pages).toBe(Math.ceil(total / 999));
    expect(first.deltaLink).toMatch(/deltatoken/);
    const sample = first.upserts.find((u) => u.id === people.directoryUsers[0].id);
    expect(sample).toMatchObject({ id: people.directoryUsers[0].id, userPrincipalName: people.directoryUsers[0].userPrincipalName });

    const tenant = h.sim.tenant(creds.tenantId);
    const [renamed, removed] = people.directoryUsers;
    tenant.renameUser(renamed.id, 'Renamed Person');
    tenant.removeUser(removed.id);
    const second = await h.time.runUntil(fetchUserDelta(client, first.deltaLink));
    expect(second.fullResync).toBe(false);
    expect(second.upserts).toEqual([expect.objectContaining({ id: renamed.id, displayName: 'Renamed Person' })]);
    expect(second.removals).toEqual([removed.id]);

    const quiet = await h.time.runUntil(fetchUserDelta(client, second.deltaLink));
    expect(quiet).toMatchObject({ upserts: [], removals: [], fullResync: false });
  });

  test('an expired delta link (410 syncStateNotFound) starts over with a full listing', async () => {
    const people = generatePeople(50, 22);
    const creds = h.addTenant({ users: people.directoryUsers });
    const client = h.client(creds);
    const first = await h.time.runUntil(fetchUserDelta(client));
    h.sim.tenant(creds.tenantId).expireDeltaLinks();
    await h.time.advance(1_000);
    const again = await h.time.runUntil(fetchUserDelta(client, first.deltaLink));
    expect(again.fullResync).toBe(true);
    expect(again.upserts).toHaveLength(people.directoryUsers.length);
    expect(h.sim.tenant(creds.tenantId).stats().byStatus['410']).toBe(1);
  });

  test('a delta link older than 7 days is refused by Graph and replaced by a full listing', async () => {
    const creds = h.addTenant({ users: generatePeople(20, 23).directoryUsers });
    const client = h.client(creds);
    const first = await h.time.runUntil(fetchUserDelta(client));
    await h.time.advance(7 * 86_400_000 + 1);
    const again = await h.time.runUntil(fetchUserDelta(client, first.deltaLink));
    expect(again.fullResync).toBe(true);
  });

  test('reads Teams phone numbers from Teams user configurations', async () => {
    const people = generatePeople(300, 24);
    const creds = h.addTenant({ users: people.directoryUsers });
    const numbers = await h.time.runUntil(fetchTeamsPhoneNumbers(h.client(creds)));
    const expected = people.directoryUsers.filter((u) => u.teamsPhoneNumber);
    expect(expected.length).toBeGreaterThan(0);
    expect(numbers.size).toBe(expected.length);
    for (const u of expected) expect(numbers.get(u.id)).toBe(u.teamsPhoneNumber);
  });
});
