/** users/delta and Teams user configurations as the product's directory sync meets them. */
import { generatePeople } from '../../../src/sim/graph';
import { manualClock } from './sim-client';
import { useGraphSimulator } from './simulator-fixture';

const DAY = 24 * 3600_000;
const SELECT = 'id,displayName,userPrincipalName,mail,proxyAddresses,otherMails,accountEnabled,businessPhones,mobilePhone';
const clock = manualClock();
const people = generatePeople(2500, 11).directoryUsers;

const env = useGraphSimulator({ clock, users: people });

/** Follows nextLinks to the end; returns every item and the deltaLink. */
async function round(token: string, firstUrl: string) {
  const items: any[] = [];
  const pages: number[] = [];
  let url: string | undefined = firstUrl;
  let deltaLink: string | undefined;
  while (url) {
    const answer = await env.client.call('GET', url, { token });
    if (answer.status !== 200) return { status: answer.status, json: answer.json, items, pages, deltaLink };
    items.push(...answer.json.value);
    pages.push(answer.json.value.length);
    url = answer.json['@odata.nextLink'];
    deltaLink = answer.json['@odata.deltaLink'];
  }
  return { status: 200, json: undefined, items, pages, deltaLink };
}

describe('GET /users/delta', () => {
  test('the first round pages through everyone with $top up to 999 and ends with a deltaLink', async () => {
    const { token } = await env.tenantWithToken();
    const result = await round(token, `/v1.0/users/delta?$select=${SELECT}&$top=999`);
    expect(people.length).toBeGreaterThan(1998);
    expect(result.pages).toEqual([999, 999, people.length - 1998]);
    expect(new Set(result.items.map((u) => u.id))).toEqual(new Set(people.map((u) => u.id)));
    expect(result.deltaLink).toContain('/v1.0/users/delta?$deltatoken=');
  });

  test('returns exactly the selected properties, accountEnabled included (disabled users too)', async () => {
    const { token } = await env.tenantWithToken();
    const result = await round(token, `/v1.0/users/delta?$select=${SELECT}&$top=999`);
    expect(Object.keys(result.items[0]).sort()).toEqual(SELECT.split(',').sort());
    const disabled = people.filter((u) => u.accountEnabled === false).map((u) => u.id);
    expect(disabled.length).toBeGreaterThan(0);
    expect(
      result.items
        .filter((u) => u.accountEnabled === false)
        .map((u) => u.id)
        .sort(),
    ).toEqual(disabled.sort());
  });

  test('$top over 999 is refused', async () => {
    const { token } = await env.tenantWithToken();
    expect((await env.client.call('GET', '/v1.0/users/delta?$top=1000', { token })).status).toBe(400);
  });

  test('an unknown $select property is refused', async () => {
    const { token } = await env.tenantWithToken();
    expect((await env.client.call('GET', '/v1.0/users/delta?$select=id,shoeSize', { token })).status).toBe(400);
  });

  test('later rounds return only the changes: added, renamed, disabled, and removed as @removed', async () => {
    const { token, controls } = await env.tenantWithToken();
    const first = await round(token, `/v1.0/users/delta?$select=${SELECT}&$top=999`);
    const [newcomer] = generatePeople(1, 4242).directoryUsers;
    controls.addUser(newcomer);
    controls.renameUser(people[0].id, 'Renamed Person');
    controls.disableUser(people[1].id);
    controls.removeUser(people[2].id);
    const second = await round(token, first.deltaLink!);
    expect(second.items).toHaveLength(4);
    expect(second.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: newcomer.id }),
        expect.objectContaining({ id: people[0].id, displayName: 'Renamed Person' }),
        expect.objectContaining({ id: people[1].id, accountEnabled: false }),
        { '@odata.type': '#microsoft.graph.user', id: people[2].id, '@removed': { reason: 'deleted' } },
      ]),
    );
    const third = await round(token, second.deltaLink!);
    expect(third.items).toEqual([]);
  });

  test('a user changed twice between rounds appears once, as they are now', async () => {
    const { token, controls } = await env.tenantWithToken();
    const first = await round(token, `/v1.0/users/delta?$select=${SELECT}`);
    controls.renameUser(people[3].id, 'First Name');
    controls.renameUser(people[3].id, 'Second Name');
    const second = await round(token, first.deltaLink!);
    expect(second.items).toEqual([expect.objectContaining({ id: people[3].id, displayName: 'Second Name' })]);
  });

  test('nextLink and deltaLink keep the $select of the first request', async () => {
    const { token, controls } = await env.tenantWithToken();
    const first = await round(token, '/v1.0/users/delta?$select=id,mail&$top=999');
    expect(Object.keys(first.items[2000]).sort()).toEqual(['id', 'mail']);
    controls.renameUser(people[0].id, 'X');
    const second = await round(token, first.deltaLink!);
    expect(Object.keys(second.items[0]).sort()).toEqual(['id', 'mail']);
  });

  test('a deltaLink older than 7 days of simulator time answers 410 syncStateNotFound', async () => {
    const { creds, token } = await env.tenantWithToken();
    const first = await round(token, `/v1.0/users/delta?$select=${SELECT}&$top=999`);
    clock.advance(7 * DAY);
    const fresh = await env.client.accessToken(creds);
    const late = await round(fresh, first.deltaLink!);
    expect(late.status).toBe(410);
    expect(late.json.error.code).toBe('syncStateNotFound');
  });

  test('a deltaLink just under 7 days old still works', async () => {
    const { creds, token } = await env.tenantWithToken();
    const first = await round(token, `/v1.0/users/delta?$select=${SELECT}&$top=999`);
    clock.advance(7 * DAY - 1);
    expect((await round(await env.client.accessToken(creds), first.deltaLink!)).status).toBe(200);
  });

  test('the expire switch makes every earlier link answer 410', async () => {
    const { token, controls } = await env.tenantWithToken();
    const first = await round(token, `/v1.0/users/delta?$select=${SELECT}&$top=999`);
    controls.expireDeltaLinks();
    expect((await round(token, first.deltaLink!)).status).toBe(410);
    const restart = await round(token, `/v1.0/users/delta?$select=${SELECT}&$top=999`);
    expect(restart.items).toHaveLength(people.length);
  });

  test('a link from another tenant is refused', async () => {
    const a = await env.tenantWithToken();
    const b = await env.tenantWithToken();
    const first = await round(a.token, '/v1.0/users/delta?$select=id');
    expect((await env.client.call('GET', first.deltaLink!, { token: b.token })).status).toBe(400);
  });

  test('needs User.Read.All', async () => {
    const { token } = await env.tenantWithToken({ permissions: ['Presence.Read.All'] });
    const answer = await env.client.call('GET', '/v1.0/users/delta', { token });
    expect(answer.status).toBe(403);
    expect(answer.json.error.code).toBe('Authorization_RequestDenied');
  });
});

describe('Teams user configurations', () => {
  test('list every Teams user with telephoneNumbers, paged by nextLink', async () => {
    const { token } = await env.tenantWithToken();
    const result = await round(token, '/beta/admin/teams/userConfigurations?$top=999');
    expect(result.items).toHaveLength(people.length);
    const withNumber = people.find((u) => u.teamsPhoneNumber)!;
    const without = people.find((u) => !u.teamsPhoneNumber)!;
    expect(result.items.find((c) => c.userId === withNumber.id)).toMatchObject({
      id: withNumber.id,
      userPrincipalName: withNumber.userPrincipalName,
      isEnterpriseVoiceEnabled: true,
      telephoneNumbers: [{ telephoneNumber: withNumber.teamsPhoneNumber, assignmentCategory: 'primary' }],
    });
    expect(result.items.find((c) => c.userId === without.id)).toMatchObject({ isEnterpriseVoiceEnabled: false, telephoneNumbers: [] });
  });

  test('one user by id', async () => {
    const { token } = await env.tenantWithToken();
    const answer = await env.client.call('GET', `/v1.0/admin/teams/userConfigurations/${people[0].id}`, { token });
    expect(answer.json.userId).toBe(people[0].id);
  });

  test('needs TeamsUserConfiguration.Read.All', async () => {
    const { token } = await env.tenantWithToken({ permissions: ['User.Read.All'] });
    expect((await env.client.call('GET', '/beta/admin/teams/userConfigurations', { token })).status).toBe(403);
  });
});
