import { NoAlertChannelError } from '../../src/alerts/errors';
import { EntraAuthError, GraphPermissionError, TransportTimeoutError } from '../../src/graph/errors';
import { RecentErrors, toAdminError } from '../../src/service/recent-errors';
import { KeyFileUnsafeError } from '../../src/store/errors';

const T = 'contoso-tenant';

describe('toAdminError reads what an admin sees from the error', () => {
  it.each([
    [
      'an Entra refusal: its AADSTS number, the problem and the fix apart',
      new EntraAuthError(T, 7000215, 'invalid_client', 'the client secret is not valid.', "paste the secret's Value."),
      {
        code: 'AADSTS7000215',
        message: `Entra ID refused a token for tenant ${T} (AADSTS7000215): the client secret is not valid.`,
        fix: "paste the secret's Value.",
      },
    ],
    [
      "a Graph refusal: Graph's code and the permission to grant",
      new GraphPermissionError(T, 'Presence.ReadWrite.All', 'setting presence', 'grant admin consent.'),
      {
        code: 'Authorization_RequestDenied',
        message: `Microsoft Graph denied setting presence for tenant ${T}: the application permission Presence.ReadWrite.All is missing or not consented.`,
        fix: 'grant admin consent.',
        permission: 'Presence.ReadWrite.All',
      },
    ],
    [
      'a transport timeout: its code, and its fix no longer inside the message',
      new TransportTimeoutError('https://graph.microsoft.com/v1.0/x', 5000),
      {
        code: 'transport-timeout',
        message: 'No answer from graph.microsoft.com within 5000 ms.',
        fix: 'check the network path, or raise the request timeout.',
      },
    ],
    [
      'a store error: its own code and fix',
      new KeyFileUnsafeError('/etc/pb/key', 0o644),
      {
        code: 'keyFileUnsafe',
        message: 'the key file /etc/pb/key is readable by other users (mode 0644);',
        fix: 'restrict it with `chmod 600 /etc/pb/key`.',
      },
    ],
    [
      'an error outside the catalogues: its message only, no code or fix made up',
      Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
      { code: undefined, message: 'database is locked', fix: undefined },
    ],
    ['something thrown that is not an error', 'gave up', { code: undefined, message: 'gave up', fix: undefined }],
  ])('%s', (_name, err, shown) => {
    expect(toAdminError('polling', err, 1_000)).toEqual({ at: 1_000, part: 'polling', ...shown });
  });
});

describe('RecentErrors', () => {
  it('lists newest first, keeps one entry per repeated problem with its latest time, and filters by time', () => {
    const errors = new RecentErrors();
    errors.add(T, toAdminError('alerts', new NoAlertChannelError(T), 1));
    errors.add(T, toAdminError('graph', new TransportTimeoutError('https://graph.microsoft.com/', 5000), 2));
    errors.add(T, toAdminError('alerts', new NoAlertChannelError(T), 3));
    expect(errors.list(T).map((e) => [e.part, e.code, e.at])).toEqual([
      ['alerts', 'noAlertChannel', 3],
      ['graph', 'transport-timeout', 2],
    ]);
    expect(errors.list(T, 3).map((e) => e.code)).toEqual(['noAlertChannel']);
    expect(errors.list('other-tenant')).toEqual([]);
  });

  it('keeps at most 50 per tenant, dropping the oldest', () => {
    const errors = new RecentErrors();
    for (let i = 0; i < 60; i++) errors.add(T, toAdminError('writer', new Error(`problem ${i}`), i));
    const kept = errors.list(T);
    expect(kept).toHaveLength(50);
    expect([kept[0].message, kept[49].message]).toEqual(['problem 59', 'problem 10']);
  });
});
