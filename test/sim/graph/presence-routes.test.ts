/** Graph's presence endpoints in the simulator: reading many, writing sessions and preferred presence, aggregation over time. */
import { type TenantCredentials, generatePeople } from '../../../src/sim/graph';
import { manualClock } from './sim-client';
import { useGraphSimulator } from './simulator-fixture';

const MIN = 60_000;
const clock = manualClock();
const people = generatePeople(800, 3).directoryUsers;
const ids = people.map((u) => u.id);

const env = useGraphSimulator({ clock, users: people });

const read = (token: string, list: string[]) =>
  env.client.call('POST', '/v1.0/communications/getPresencesByUserId', { token, json: { ids: list } });
const set = (token: string, userId: string, body: object) =>
  env.client.call('POST', `/v1.0/users/${userId}/presence/setPresence`, { token, json: body });
const session = (creds: TenantCredentials, availability: string, activity: string, expirationDuration?: string) => ({
  sessionId: creds.clientId,
  availability,
  activity,
  ...(expirationDuration ? { expirationDuration } : {}),
});
async function shown(token: string, userId: string): Promise<string> {
  const answer = await read(token, [userId]);
  return `${answer.json.value[0].availability}/${answer.json.value[0].activity}`;
}

describe('getPresencesByUserId', () => {
  test('answers each id with availability, activity and sequenceNumber', async () => {
    const { token, controls } = await env.tenantWithToken();
    controls.setUserPresence(ids[0], 'Busy', 'InAMeeting');
    const answer = await read(token, ids.slice(0, 2));
    expect(answer.status).toBe(200);
    expect(answer.json.value).toEqual([
      expect.objectContaining({ id: ids[0], availability: 'Busy', activity: 'InAMeeting', sequenceNumber: expect.any(String) }),
      expect.objectContaining({ id: ids[1], availability: 'Offline', activity: 'Offline' }),
    ]);
  });

  test('takes 650 ids and refuses 651 with 400', async () => {
    const { token } = await env.tenantWithToken();
    expect((await read(token, ids.slice(0, 650))).json.value).toHaveLength(650);
    const tooMany = await read(token, ids.slice(0, 651));
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.code).toBe('BadRequest');
  });

  test('sequenceNumber grows (as a string) with every change and stays put without one', async () => {
    const { token, controls } = await env.tenantWithToken();
    const seen: string[] = [];
    for (const [a, b] of [
      ['Available', 'Available'],
      ['Busy', 'InACall'],
      ['Busy', 'InACall'],
      ['Away', 'Away'],
    ] as const) {
      controls.setUserPresence(ids[5], a, b);
      seen.push((await read(token, [ids[5]])).json.value[0].sequenceNumber);
    }
    expect(seen[1] > seen[0]).toBe(true);
    expect(seen[2]).toBe(seen[1]);
    expect(seen[3] > seen[2]).toBe(true);
    expect([...seen].sort()).toEqual(seen);
  });

  test('needs Presence.Read.All: without it 403 Authorization_RequestDenied', async () => {
    const { token } = await env.tenantWithToken({ permissions: ['User.Read.All'] });
    const answer = await read(token, ids.slice(0, 1));
    expect(answer.status).toBe(403);
    expect(answer.json.error.code).toBe('Authorization_RequestDenied');
    expect(answer.json.error.message).toContain('Presence.Read.All');
  });

  test('needs a bearer token: without one 401', async () => {
    const answer = await env.client.call('POST', '/v1.0/communications/getPresencesByUserId', { json: { ids: ids.slice(0, 1) } });
    expect(answer.status).toBe(401);
    expect(answer.json.error.code).toBe('InvalidAuthenticationToken');
  });

  test('a token expires after 3599 s of simulator time', async () => {
    const { token } = await env.tenantWithToken();
    clock.advance(3598_000);
    expect((await read(token, ids.slice(0, 1))).status).toBe(200);
    clock.advance(1_000);
    expect((await read(token, ids.slice(0, 1))).status).toBe(401);
  });

  test('a token of one tenant reads only its own tenant', async () => {
    const a = await env.tenantWithToken();
    const other = generatePeople(1, 99).directoryUsers;
    const b = env.sim.addTenant({ users: other });
    env.sim.tenant(b.tenantId).setUserPresence(other[0].id, 'Busy', 'InACall');
    expect((await read(a.token, [other[0].id])).json.value[0].availability).toBe('PresenceUnknown');
  });
});

describe('setPresence', () => {
  test('answers 200 with no body and no JSON content type', async () => {
    const { creds, token } = await env.tenantWithToken();
    const answer = await set(token, ids[0], session(creds, 'Busy', 'InACall', 'PT5M'));
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    expect(answer.headers['content-type']).toBeUndefined();
    expect(await shown(token, ids[0])).toBe('Busy/InACall');
  });

  test.each([
    ['no sessionId', (_c: TenantCredentials) => ({ availability: 'Busy', activity: 'InACall' }), 'InvalidArgument'],
    [
      "a sessionId that is not the caller's client id",
      () => ({ sessionId: '22222222-2222-2222-2222-222222222222', availability: 'Busy', activity: 'InACall' }),
      'InvalidArgument',
    ],
    ['a pair that cannot be set (Busy/InAMeeting)', (c: TenantCredentials) => session(c, 'Busy', 'InAMeeting'), 'InvalidArgument'],
    ['a pair that cannot be set (Away/OutOfOffice)', (c: TenantCredentials) => session(c, 'Away', 'OutOfOffice'), 'InvalidArgument'],
    ['an expiration under PT5M', (c: TenantCredentials) => session(c, 'Busy', 'InACall', 'PT4M'), 'InvalidArgument'],
    ['an expiration over PT4H', (c: TenantCredentials) => session(c, 'Busy', 'InACall', 'PT4H1M'), 'InvalidArgument'],
    ['an expiration that is not ISO-8601', (c: TenantCredentials) => session(c, 'Busy', 'InACall', '5 minutes'), 'InvalidArgument'],
  ])('refuses %s with 400', async (_name, body, code) => {
    const { creds, token } = await env.tenantWithToken();
    const answer = await set(token, ids[0], body(creds));
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe(code);
    expect(await shown(token, ids[0])).toBe('Offline/Offline');
  });

  test.each([
    ['Available', 'Available'],
    ['Busy', 'InACall'],
    ['Busy', 'InAConferenceCall'],
    ['Away', 'Away'],
    ['DoNotDisturb', 'Presenting'],
  ])('accepts the settable pair %s/%s', async (availability, activity) => {
    const { creds, token } = await env.tenantWithToken();
    expect((await set(token, ids[0], session(creds, availability, activity))).status).toBe(200);
  });

  test('needs Presence.ReadWrite.All', async () => {
    const { creds, token } = await env.tenantWithToken({ permissions: ['Presence.Read.All'] });
    expect((await set(token, ids[0], session(creds, 'Busy', 'InACall'))).status).toBe(403);
  });

  test('an unknown user answers 404', async () => {
    const { creds, token } = await env.tenantWithToken();
    expect((await set(token, '99999999-9999-4999-8999-999999999999', session(creds, 'Busy', 'InACall'))).status).toBe(404);
  });

  test('the session lapses at its expiry (default 5 min): the only session gone is Offline', async () => {
    const { creds, token } = await env.tenantWithToken();
    await set(token, ids[0], session(creds, 'Busy', 'InACall'));
    clock.advance(5 * MIN - 1);
    expect(await shown(token, ids[0])).toBe('Busy/InACall');
    clock.advance(1);
    expect(await shown(token, ids[0])).toBe('Offline/Offline');
  });

  test('an explicit expiration is honoured', async () => {
    const { creds, token } = await env.tenantWithToken();
    await set(token, ids[0], session(creds, 'Busy', 'InACall', 'PT1H'));
    clock.advance(59 * MIN);
    expect(await shown(token, ids[0])).toBe('Busy/InACall');
    clock.advance(MIN);
    expect(await shown(await env.client.accessToken(creds), ids[0])).toBe('Offline/Offline');
  });

  test('an Available session decays to AvailableIdle after 5 min and Away after 5 more unless refreshed', async () => {
    const { creds, token } = await env.tenantWithToken();
    await set(token, ids[0], session(creds, 'Available', 'Available', 'PT1H'));
    clock.advance(5 * MIN);
    expect(await shown(token, ids[0])).toBe('AvailableIdle/Inactive');
    clock.advance(5 * MIN);
    expect(await shown(token, ids[0])).toBe('Away/Away');
    await set(token, ids[0], session(creds, 'Available', 'Available', 'PT1H'));
    expect(await shown(token, ids[0])).toBe('Available/Available');
  });

  test("the user's own client state aggregates with our session: Available + Busy/InACall is Busy/InACall, and back", async () => {
    const { creds, token, controls } = await env.tenantWithToken();
    controls.setUserPresence(ids[0], 'Available', 'Available');
    await set(token, ids[0], session(creds, 'Busy', 'InACall'));
    expect(await shown(token, ids[0])).toBe('Busy/InACall');
    await env.client.call('POST', `/v1.0/users/${ids[0]}/presence/clearPresence`, { token, json: { sessionId: creds.clientId } });
    expect(await shown(token, ids[0])).toBe('Available/Available');
  });

  test('our session cannot override a DoNotDisturb the user chose by hand', async () => {
    const { creds, token, controls } = await env.tenantWithToken();
    controls.setUserPresence(ids[0], 'Available', 'Available');
    controls.setPreferredPresence(ids[0], 'DoNotDisturb', 'DoNotDisturb');
    await set(token, ids[0], session(creds, 'Busy', 'InACall'));
    expect(await shown(token, ids[0])).toBe('DoNotDisturb/DoNotDisturb');
  });
});

describe('clearPresence', () => {
  test('removes our session (200, no body) and answers 404 when there is none', async () => {
    const { creds, token } = await env.tenantWithToken();
    await set(token, ids[0], session(creds, 'Busy', 'InACall'));
    const clear = () =>
      env.client.call('POST', `/v1.0/users/${ids[0]}/presence/clearPresence`, { token, json: { sessionId: creds.clientId } });
    const first = await clear();
    expect(first.status).toBe(200);
    expect(first.text).toBe('');
    expect(await shown(token, ids[0])).toBe('Offline/Offline');
    expect((await clear()).status).toBe(404);
  });

  test('a lapsed session counts as gone (404)', async () => {
    const { creds, token } = await env.tenantWithToken();
    await set(token, ids[0], session(creds, 'Busy', 'InACall'));
    clock.advance(6 * MIN);
    expect(
      (await env.client.call('POST', `/v1.0/users/${ids[0]}/presence/clearPresence`, { token, json: { sessionId: creds.clientId } }))
        .status,
    ).toBe(404);
  });
});

describe('setUserPreferredPresence / clearUserPreferredPresence', () => {
  const preferred = (token: string, userId: string, body: object) =>
    env.client.call('POST', `/v1.0/users/${userId}/presence/setUserPreferredPresence`, { token, json: body });

  test('preferred beats every session and shows only while a session exists', async () => {
    const { creds, token } = await env.tenantWithToken();
    expect((await preferred(token, ids[0], { availability: 'Busy', activity: 'Busy' })).status).toBe(200);
    expect(await shown(token, ids[0])).toBe('Offline/Offline');
    await set(token, ids[0], session(creds, 'DoNotDisturb', 'Presenting'));
    expect(await shown(token, ids[0])).toBe('Busy/Busy');
    const cleared = await env.client.call('POST', `/v1.0/users/${ids[0]}/presence/clearUserPreferredPresence`, { token, json: {} });
    expect(cleared.status).toBe(200);
    expect(cleared.text).toBe('');
    expect(await shown(token, ids[0])).toBe('DoNotDisturb/Presenting');
  });

  test.each([
    ['Busy', 'Busy', 24 * 60],
    ['DoNotDisturb', 'DoNotDisturb', 24 * 60],
    ['Available', 'Available', 7 * 24 * 60],
    ['Offline', 'OffWork', 7 * 24 * 60],
  ])('%s/%s lasts %i minutes by default', async (availability, activity, minutes) => {
    const { creds, token, controls } = await env.tenantWithToken();
    controls.setUserPresence(ids[0], 'Away', 'Away');
    await preferred(token, ids[0], { availability, activity });
    clock.advance(minutes * MIN - 1);
    expect(await shown(await env.client.accessToken(creds), ids[0])).toBe(`${availability}/${activity}`);
    clock.advance(1);
    expect(await shown(await env.client.accessToken(creds), ids[0])).toBe('Away/Away');
  });

  test.each([
    ['Busy', 'InACall'],
    ['DoNotDisturb', 'Presenting'],
    ['Away', 'OutOfOffice'],
  ])('refuses the pair %s/%s (setPresence pairs are not preferred pairs)', async (availability, activity) => {
    const { token } = await env.tenantWithToken();
    expect((await preferred(token, ids[0], { availability, activity })).status).toBe(400);
  });
});

describe('other reads', () => {
  test('GET /users/{id}/presence answers one presence', async () => {
    const { token, controls } = await env.tenantWithToken();
    controls.setUserPresence(ids[0], 'BeRightBack', 'BeRightBack');
    const answer = await env.client.call('GET', `/v1.0/users/${ids[0]}/presence`, { token });
    expect(answer.json).toMatchObject({ id: ids[0], availability: 'BeRightBack', activity: 'BeRightBack' });
  });

  test('the beta path serves the same endpoints', async () => {
    const { token } = await env.tenantWithToken();
    expect(
      (await env.client.call('POST', '/beta/communications/getPresencesByUserId', { token, json: { ids: ids.slice(0, 1) } })).status,
    ).toBe(200);
  });
});
