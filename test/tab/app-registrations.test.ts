/**
 * The tab's side of the app-registration pool without a browser: the seven routes the client calls, what the
 * add and new-credential forms send, where the service's field problems are shown, and how use reads.
 */
import { createAdminApi } from '../../tab/src/api/admin-api';
import type { HttpClient, RequestOptions } from '../../tab/src/api/http-types';
import { addInput, credentialChange, EMPTY_DRAFT, problemsByField } from '../../tab/src/format/app-registration-draft';
import { permissionsText, problemText, retryAfterText, useShare, useText, whenToAddText } from '../../tab/src/format/app-registration-text';

function recordingApi() {
  const calls: Array<{ path: string; method: string; json?: unknown; query?: RequestOptions['query'] }> = [];
  const http: HttpClient = {
    async json<T>(path: string, o: RequestOptions = {}) {
      calls.push({ path, method: o.method ?? 'GET', json: o.json, query: o.query });
      return undefined as T;
    },
    async text() {
      return '';
    },
  };
  return { api: createAdminApi(http), calls };
}

describe('the pool routes the tab calls', () => {
  test('each of the seven routes of the contract, with the id escaped', async () => {
    const { api, calls } = recordingApi();
    await api.appRegistrations();
    await api.addAppRegistration({ label: 'Presence pool 2', clientId: 'c2', clientSecret: 's' });
    await api.changeAppRegistration('r/2', { label: 'Pool two' });
    await api.removeAppRegistration('r2');
    await api.checkAppRegistration('r2');
    await api.appRegistrationConsentUrl('r2', 'https://bridge.test/tab/consent-end.html', 'nonce');
    await api.appRegistrationConsentResult('r2', { granted: false, error: 'access_denied' });
    expect(calls).toEqual([
      { path: '/api/admin/app-registrations', method: 'GET' },
      { path: '/api/admin/app-registrations', method: 'POST', json: { label: 'Presence pool 2', clientId: 'c2', clientSecret: 's' } },
      { path: '/api/admin/app-registrations/r%2F2', method: 'PUT', json: { label: 'Pool two' } },
      { path: '/api/admin/app-registrations/r2', method: 'DELETE' },
      { path: '/api/admin/app-registrations/r2/check-permissions', method: 'POST' },
      {
        path: '/api/admin/app-registrations/r2/consent-url',
        method: 'GET',
        query: { redirectUri: 'https://bridge.test/tab/consent-end.html', state: 'nonce' },
      },
      { path: '/api/admin/app-registrations/r2/consent-result', method: 'POST', json: { granted: false, error: 'access_denied' } },
    ]);
  });
});

describe('what the forms send', () => {
  test('a secret goes with its expiry day, trimmed label and client id, and nothing of the certificate', () => {
    const draft = {
      ...EMPTY_DRAFT,
      label: ' Presence pool 2 ',
      clientId: ' 11111111-2222-3333-4444-555555555555 ',
      secret: 'x7Q~abc',
      secretExpires: '2027-03-01',
      certificate: 'left over',
    };
    expect(addInput(draft)).toEqual({
      label: 'Presence pool 2',
      clientId: '11111111-2222-3333-4444-555555555555',
      clientSecret: 'x7Q~abc',
      clientSecretExpiresAt: Date.UTC(2027, 2, 1),
    });
  });

  test('a secret without a day says the expiry is not known (null)', () => {
    expect(credentialChange({ ...EMPTY_DRAFT, secret: 's' })).toEqual({ clientSecret: 's', clientSecretExpiresAt: null });
  });

  test('a certificate goes with its key and no secret; a new credential never renames', () => {
    const change = credentialChange({ ...EMPTY_DRAFT, label: 'x', credential: 'certificate', secret: 'old', certificate: 'C', key: 'K' });
    expect(change).toEqual({ certificatePem: 'C', privateKeyPem: 'K' });
  });
});

describe("the service's field problems find their field, in the words on screen", () => {
  test('each field of the contract, the first problem per field, field names as labels, and the rest still shown', () => {
    const problems = new Map([
      ['label', 'must not be empty'],
      ['clientId', "must be the app registration's Application (client) ID, a GUID"],
      ['clientSecret', 'send either clientSecret or certificatePem with privateKeyPem, not both'],
      ['clientSecretExpiresAt', 'must be a time in ms since 1970'],
      ['certificatePem', 'certificatePem and privateKeyPem go together: send both, or neither'],
      ['privateKeyPem', 'must be PEM text starting with -----BEGIN PRIVATE KEY'],
      ['body', 'is not valid JSON'],
      ['colour', 'unknown field'],
    ]);
    expect(problemsByField(problems)).toEqual({
      fields: {
        label: 'Must not be empty',
        clientId: "Must be the app registration's Application (client) ID, a GUID",
        secret: 'Send either Client secret value or Certificate (PEM) with Private key (PEM), not both',
        secretExpires: 'Must be a time in ms since 1970',
        certificate: 'Certificate (PEM) and Private key (PEM) go together: send both, or neither',
        key: 'Must be PEM text starting with -----BEGIN PRIVATE KEY',
      },
      other: ['Is not valid JSON', 'Colour: unknown field'],
    });
  });

  test('a second problem on a field already marked is still shown, named by its label', () => {
    expect(
      problemsByField(
        new Map([
          ['clientSecret', 'must not be empty'],
          ['clientSecret.value', 'is too long'],
        ]),
      ),
    ).toEqual({
      fields: { secret: 'Must not be empty' },
      other: ['Client secret value: is too long'],
    });
  });
});

describe('how a registration reads', () => {
  const use = { limitPer30s: 1500, usedLast30s: 750, usersPolled: 12000, writesLast30s: 3, throttledTotal: 0 };

  test('use is its share of its own limit, never above the bar, and nothing without a limit', () => {
    expect(useShare(use)).toBe(0.5);
    expect(useShare({ ...use, usedLast30s: 1600 })).toBe(1);
    expect(useShare({ ...use, limitPer30s: 0 })).toBe(0);
    expect(useText(use)).toBe('750 of 1,500 requests in the last 30 s');
  });

  test('Retry-After shows while it lasts and is gone after', () => {
    expect(retryAfterText(12_000, 0)).toBe('Graph asked it to wait: 12.0 s more (Retry-After)');
    expect(retryAfterText(12_000, 12_000)).toBeUndefined();
    expect(retryAfterText(undefined, 0)).toBeUndefined();
  });

  test('the last permission check: all granted, the missing ones, or failed before reading them', () => {
    expect(permissionsText({ checkedAt: 0, ok: true, missing: [] })).toBe('all granted');
    expect(permissionsText({ checkedAt: 0, ok: false, missing: ['Presence.Read.All', 'User.Read.All'] })).toBe(
      'missing Presence.Read.All, User.Read.All',
    );
    expect(permissionsText({ checkedAt: 0, ok: false, missing: [] })).toMatch(/^it failed before the permissions could be read/);
  });

  test("a problem reads with Entra's code and the fix", () => {
    expect(problemText({ code: 'AADSTS7000222', message: 'The client secret has expired.', fix: 'Create a new secret.' })).toBe(
      'AADSTS7000222: The client secret has expired. Fix: Create a new secret.',
    );
    expect(problemText({ message: 'Throttled.' })).toBe('Throttled.');
    expect(problemText(undefined)).toBeUndefined();
  });

  test('the explanation for a tenant with one registration gives the limits and its users', () => {
    const text = whenToAddText(12000);
    expect(text).toContain('1,500 presence requests per 30 seconds per app registration');
    expect(text).toContain('about 15,000 users');
    expect(text).toContain('It polls 12,000 users now.');
    expect(whenToAddText(undefined)).not.toContain('It polls');
  });
});
