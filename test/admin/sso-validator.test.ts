import { GLOBAL_ADMINISTRATOR_ROLE, TEAMS_ADMINISTRATOR_ROLE } from '../../src/admin/admin-roles';
import { AuthError } from '../../src/admin/auth-errors';
import { createLocalTokenIssuer, type ClaimsToSign, type LocalTokenIssuer } from '../../src/admin/local-token-issuer';
import type { RoleLookup } from '../../src/admin/role-lookup';
import { createSsoValidator, type SsoValidatorOptions } from '../../src/admin/sso-validator';

const CLIENT_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-0000-0000-0000-000000000001';
const OTHER_TENANT = 'bbbbbbbb-0000-0000-0000-000000000002';
const USER = 'cccccccc-0000-0000-0000-000000000003';
const ADMIN_GROUP = 'dddddddd-0000-0000-0000-000000000004';
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const clock = { now: () => NOW };
const seconds = NOW / 1000;

let issuer: LocalTokenIssuer;
let forger: LocalTokenIssuer;

beforeAll(async () => {
  issuer = await createLocalTokenIssuer({ clientId: CLIENT_ID, clock, kid: 'key-1' });
  forger = await createLocalTokenIssuer({ clientId: CLIENT_ID, clock, kid: 'key-1' });
});

function validator(extra: Partial<SsoValidatorOptions> = {}) {
  return createSsoValidator({ clientId: CLIENT_ID, appIdUri: `api://bridge.example.com/${CLIENT_ID}`, keys: issuer.keys, clock, ...extra });
}

const base: ClaimsToSign = { tid: TENANT, oid: USER, name: 'Adele Vance', upn: 'adele@contoso.example', wids: [] };

async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AuthError) return { code: err.code, status: err.status, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('SSO validator', () => {
  test('accepts a valid token and says who is calling', async () => {
    const token = await issuer.sign({ ...base, wids: [TEAMS_ADMINISTRATOR_ROLE] });
    await expect(validator().validate(`Bearer ${token}`)).resolves.toEqual({
      tenantId: TENANT,
      userId: USER,
      name: 'Adele Vance',
      upn: 'adele@contoso.example',
      isAdmin: true,
    });
  });

  test('accepts the Application ID URI as audience and a v1 issuer of the same tenant', async () => {
    const token = await issuer.sign({
      ...base,
      aud: `api://bridge.example.com/${CLIENT_ID}`,
      iss: `https://sts.windows.net/${TENANT}/`,
      ver: '1.0',
    });
    await expect(validator().validate(`Bearer ${token}`)).resolves.toMatchObject({ tenantId: TENANT, isAdmin: false });
  });

  test.each<[string, () => Promise<string | undefined>, string, number]>([
    ['no header', async () => undefined, 'missingToken', 401],
    ['an empty header', async () => '', 'missingToken', 401],
    ['a Basic header', async () => 'Basic dXNlcjpwYXNz', 'malformedToken', 401],
    ['a token that is not a JWT', async () => 'Bearer not-a-jwt', 'malformedToken', 401],
    ['a JWT with garbage parts', async () => 'Bearer aaa.bbb.ccc', 'malformedToken', 401],
    [
      'an expired token',
      async () => `Bearer ${await issuer.sign({ ...base, iat: seconds - 7200, nbf: seconds - 7200, exp: seconds - 3600 })}`,
      'expiredToken',
      401,
    ],
    [
      'a token valid only in an hour',
      async () => `Bearer ${await issuer.sign({ ...base, nbf: seconds + 3600, exp: seconds + 7200 })}`,
      'tokenNotYetValid',
      401,
    ],
    ['a token signed by another key with the same key id', async () => `Bearer ${await forger.sign(base)}`, 'badSignature', 401],
    [
      'a token for another app',
      async () => `Bearer ${await issuer.sign({ ...base, aud: 'api://elsewhere/99999999-0000-0000-0000-000000000000' })}`,
      'wrongAudience',
      401,
    ],
    [
      'an issuer of another tenant',
      async () => `Bearer ${await issuer.sign({ ...base, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` })}`,
      'wrongIssuer',
      401,
    ],
    [
      'an issuer that is not Entra',
      async () => `Bearer ${await issuer.sign({ ...base, iss: `https://evil.example/${TENANT}/v2.0` })}`,
      'wrongIssuer',
      401,
    ],
    ['no access_as_user scope', async () => `Bearer ${await issuer.sign({ ...base, scp: 'User.Read' })}`, 'missingScope', 403],
    ['no scope at all (an app-only token)', async () => `Bearer ${await issuer.sign({ ...base, scp: undefined })}`, 'missingScope', 403],
    ['no oid', async () => `Bearer ${await issuer.sign({ ...base, oid: undefined as unknown as string })}`, 'malformedToken', 401],
    ['no expiry', async () => `Bearer ${await issuer.sign({ ...base, exp: undefined })}`, 'malformedToken', 401],
  ])('refuses %s', async (_what, header, code, status) => {
    const r = await refusal(validator().validate(await header()));
    expect({ code: r.code, status: r.status }).toEqual({ code, status });
    expect(r.message).not.toMatch(/eyJ/); // never echoes the token
  });

  test('refuses a valid token of a tenant the deployment does not serve', async () => {
    const token = await issuer.sign({ ...base, tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` });
    const r = await refusal(validator({ tenantServed: (t) => t === TENANT }).validate(`Bearer ${token}`));
    expect(r).toMatchObject({ code: 'tenantNotServed', status: 403 });
  });

  test.each<[string, Partial<ClaimsToSign>, boolean]>([
    ['Global Administrator', { wids: [GLOBAL_ADMINISTRATOR_ROLE] }, true],
    ['Teams Administrator (upper case)', { wids: [TEAMS_ADMINISTRATOR_ROLE.toUpperCase()] }, true],
    ['another role only', { wids: ['fe930be7-5e62-47db-91af-98c3a49a38b1'] }, false],
    ['member of the admin group', { wids: [], groups: [ADMIN_GROUP] }, true],
    ['member of another group', { wids: [], groups: ['eeeeeeee-0000-0000-0000-000000000005'] }, false],
  ])('admin from the token: %s', async (_what, claims, isAdmin) => {
    const token = await issuer.sign({ ...base, ...claims });
    await expect(validator({ adminGroupId: ADMIN_GROUP }).validate(`Bearer ${token}`)).resolves.toMatchObject({ isAdmin });
  });

  test('without wids the role lookup decides, once per user while its answer is fresh', async () => {
    const calls: Array<[string, string]> = [];
    const roleLookup: RoleLookup = async (tenantId, userId, userToken) => {
      calls.push([tenantId, userId]);
      expect(userToken.split('.')).toHaveLength(3);
      return { roleTemplateIds: [GLOBAL_ADMINISTRATOR_ROLE], groupIds: [] };
    };
    let now = NOW;
    const moving = { now: () => now };
    const v = createSsoValidator({ clientId: CLIENT_ID, keys: issuer.keys, clock: moving, roleLookup, roleCacheMs: 60_000 });
    const token = await issuer.sign({ ...base, wids: undefined });
    await expect(v.validate(`Bearer ${token}`)).resolves.toMatchObject({ isAdmin: true });
    await expect(v.validate(`Bearer ${token}`)).resolves.toMatchObject({ isAdmin: true });
    expect(calls).toEqual([[TENANT, USER]]);
    now += 61_000;
    await v.validate(`Bearer ${token}`);
    expect(calls).toHaveLength(2);
  });

  test('without wids and without a role lookup nobody is an admin', async () => {
    const token = await issuer.sign({ ...base, wids: undefined });
    await expect(validator().validate(`Bearer ${token}`)).resolves.toMatchObject({ isAdmin: false });
  });

  test('a failing role lookup is a 503, not a silent "not admin"', async () => {
    const token = await issuer.sign({ ...base, wids: undefined });
    const v = validator({ roleLookup: async () => Promise.reject(new Error('graph down')) });
    await expect(refusal(v.validate(`Bearer ${token}`))).resolves.toMatchObject({ code: 'roleLookupFailed', status: 503 });
  });
});
