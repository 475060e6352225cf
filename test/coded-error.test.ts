import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AdminCheckError, RoleDetailsHiddenError } from '../bot/admin-directory';
import {
  AuthError,
  BadSignatureError,
  ExpiredTokenError,
  MalformedTokenError,
  MissingScopeError,
  MissingTokenError,
  NotAdminError,
  NotYourDataError,
  RoleLookupError,
  SigningKeysUnavailableError,
  TenantNotServedError,
  TokenNotYetValidError,
  WrongAudienceError,
  WrongIssuerError,
} from '../src/admin/auth-errors';
import { AdminInputError, UnknownTenantError } from '../src/service/admin/admin-service';
import { JobAlreadyRunningError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../src/admin/request-errors';
import { AlertDeliveryError, NoAlertChannelError } from '../src/alerts/errors';
import { CodedError, isCodedError } from '../src/coded-error';
import { UsageError } from '../src/commands/usage-error';
import { ConfigError } from '../src/config';
import {
  ClientCertificateError,
  EntraAuthError,
  EntraUnreachableError,
  GraphPermissionError,
  GraphRequestError,
  GraphUnavailableError,
  TransportConnectionError,
  TransportTimeoutError,
} from '../src/graph/errors';
import { ImportRejectedError, MatchOptionsError, RefreshStoppedError } from '../src/identity/errors';
import {
  AsteriskAuthError,
  AsteriskProtocolError,
  AsteriskRefusedError,
  AsteriskSettingsError,
  AsteriskUnreachableError,
} from '../src/pbx/asterisk/errors';
import { ConnectorError } from '../src/pbx/connector';
import { ConnectorSettingsError } from '../src/pbx/create-connector';
import { OutboundAddressRefusedError } from '../src/pbx/outbound-guard';
import { DialogInfoError } from '../src/pbx/sip/dialog-info';
import { JsonRpcError } from '../src/pbx/sip/htable-routing-flag';
import {
  SipFramingError,
  SipParseError,
  SipRequestFailedError,
  SipSettingsError,
  SipTimeoutError,
  SipTransportError,
} from '../src/pbx/sip/sip-errors';
import { XmlParseError } from '../src/pbx/sip/xml-lite';
import { LineStateMappingError, WebhookSettingsError } from '../src/pbx/webhook/errors';
import { PbxHttpError } from '../src/pbx/webhook/signed-request';
import { StoredPolicyError } from '../src/service/tenants/policy-book';
import { TenantStartError } from '../src/service/tenants/tenant-manager';
import { TenantSettingsError } from '../src/service/tenants/tenant-settings';
import {
  CorruptDataError,
  KeyFileMissingError,
  KeyFileUnsafeError,
  MigrationError,
  SchemaTooNewError,
  SecretKeyFormatError,
  SecretKeyMismatchError,
  StoreInputError,
  StoreOpenError,
} from '../src/store/errors';
import { EngineStoppedError, InvalidPolicyError, PauseNotStoredError, UnknownPresetError } from '../src/sync/errors';

const T = 'contoso-tenant';
/** A lower-level error carrying a secret: it may be kept as `cause`, but must never reach an admin view. */
const SECRET = 'client-secret-Xq9~never-shown';
const hidden = () => new Error(`token endpoint said: ${SECRET}`);
/** For the errors whose message quotes their cause on purpose (a driver's or a socket's own words). */
const quoted = () => new Error('socket hang up');

const catalogue: Array<[string, () => CodedError]> = [
  [
    'EntraAuthError',
    () =>
      new EntraAuthError(T, 7000222, 'invalid_client', 'the client secret has expired.', 'create a new client secret.', 'trace-1', {
        cause: hidden(),
      }),
  ],
  ['EntraUnreachableError', () => new EntraUnreachableError(T, 'login.microsoftonline.com', 'ENOTFOUND', { cause: hidden() })],
  ['GraphPermissionError', () => new GraphPermissionError(T, 'Presence.Read.All', 'reading presence', 'grant admin consent.')],
  [
    'GraphRequestError',
    () => new GraphRequestError(T, 400, 'BadRequest', 'setting presence', 'the session id is not valid', 'check the application id.'),
  ],
  ['GraphUnavailableError', () => new GraphUnavailableError(T, 'reading presence', 4, '503', { cause: hidden(), retryAfterMs: 2000 })],
  ['TransportTimeoutError', () => new TransportTimeoutError('https://graph.microsoft.com/v1.0/me', 10_000)],
  [
    'TransportConnectionError',
    () => new TransportConnectionError('https://graph.microsoft.com/v1.0/me', 'ECONNREFUSED', { cause: hidden() }),
  ],
  [
    'ClientCertificateError',
    () => new ClientCertificateError(T, 'the key does not match', 'upload the matching key.', { cause: hidden() }),
  ],
  ['MatchOptionsError', () => new MatchOptionsError('"telepathy" is not a strategy')],
  ['ImportRejectedError', () => new ImportRejectedError('mapping', 3)],
  ['RefreshStoppedError', () => new RefreshStoppedError(T)],
  ['StoreOpenError', () => new StoreOpenError('/var/lib/pb.db', quoted())],
  ['SecretKeyFormatError', () => new SecretKeyFormatError('it is 12 bytes long')],
  ['SecretKeyMismatchError', () => new SecretKeyMismatchError('tenant secrets', { cause: hidden() })],
  ['KeyFileUnsafeError', () => new KeyFileUnsafeError('/etc/pb/key', 0o644)],
  ['KeyFileMissingError', () => new KeyFileMissingError('/etc/pb/key', '/var/lib/pb.db')],
  ['SchemaTooNewError', () => new SchemaTooNewError(9, 7)],
  ['MigrationError', () => new MigrationError(3, 'add-audit', quoted())],
  ['StoreInputError', () => new StoreInputError('the extension is empty')],
  ['CorruptDataError', () => new CorruptDataError('overrides row 4', { cause: hidden() })],
  ['NoAlertChannelError', () => new NoAlertChannelError(T)],
  ['AlertDeliveryError', () => new AlertDeliveryError(T, quoted())],
  ['UnknownPresetError', () => new UnknownPresetError('fastest', ['balanced', 'strict'])],
  ['InvalidPolicyError', () => new InvalidPolicyError([{ path: 'teamsToPbx[0].routing', message: 'must be a routing state' }])],
  ['EngineStoppedError', () => new EngineStoppedError('apply a change')],
  ['PauseNotStoredError', () => new PauseNotStoredError('the pause', hidden())],
  ['MissingTokenError', () => new MissingTokenError()],
  ['MalformedTokenError', () => new MalformedTokenError('it has two parts', { cause: hidden() })],
  ['ExpiredTokenError', () => new ExpiredTokenError({ cause: hidden() })],
  ['TokenNotYetValidError', () => new TokenNotYetValidError()],
  ['BadSignatureError', () => new BadSignatureError({ cause: hidden() })],
  ['WrongAudienceError', () => new WrongAudienceError(['api://pb.example/app'])],
  ['WrongIssuerError', () => new WrongIssuerError('issuer names another tenant')],
  ['MissingScopeError', () => new MissingScopeError('access_as_user')],
  ['TenantNotServedError', () => new TenantNotServedError(T)],
  ['NotAdminError', () => new NotAdminError()],
  ['NotYourDataError', () => new NotYourDataError()],
  ['RoleLookupError', () => new RoleLookupError({ cause: hidden() })],
  ['SigningKeysUnavailableError', () => new SigningKeysUnavailableError({ cause: hidden() })],
  ['NotFoundError', () => new NotFoundError('unknownJob', 'No such job in this tenant.', 'start a new one.')],
  ['PayloadTooLargeError', () => new PayloadTooLargeError(1024 * 1024)],
  ['UnsupportedMediaTypeError', () => new UnsupportedMediaTypeError('text/plain', 'text/csv')],
  ['JobAlreadyRunningError', () => new JobAlreadyRunningError('job-7', 'import')],
  ['AdminInputError', () => new AdminInputError([{ path: 'extension', message: 'must be digits' }])],
  ['UnknownTenantError', () => new UnknownTenantError(T)],
  ['TenantSettingsError', () => new TenantSettingsError(T, 'connector.kind: required')],
  ['StoredPolicyError', () => new StoredPolicyError(T, 'debounceMs: too small')],
  ['TenantStartError', () => TenantStartError.wrapping(T, quoted())],
  ['ConfigError', () => new ConfigError(['PB_PORT: must be a number'])],
  ['UsageError', () => new UsageError('Name the user.')],
  ['ConnectorError', () => new ConnectorError('The PBX did not answer.', true, { cause: hidden() })],
  ['ConnectorSettingsError', () => new ConnectorSettingsError('PB_PBX_URL: "x" is not a URL.')],
  ['AsteriskSettingsError', () => new AsteriskSettingsError('asterisk-ari', ['url: required'])],
  ['AsteriskAuthError', () => new AsteriskAuthError('ARI refused the login.', { cause: hidden(), status: 401 })],
  ['AsteriskUnreachableError', () => new AsteriskUnreachableError('ARI did not answer.', { cause: hidden() })],
  ['AsteriskRefusedError', () => new AsteriskRefusedError('ARI answered 409.', false, 409, { cause: hidden() })],
  ['AsteriskProtocolError', () => new AsteriskProtocolError('AMI sent a line without a colon.')],
  ['WebhookSettingsError', () => new WebhookSettingsError(['routingUrl: not a URL'])],
  ['LineStateMappingError', () => new LineStateMappingError(['state: unknown path'])],
  ['PbxHttpError', () => new PbxHttpError(500, 'oops', undefined, 'pbx.example')],
  ['OutboundAddressRefusedError', () => new OutboundAddressRefusedError('10.0.0.5 is a private address.', 'private')],
  ['JsonRpcError', () => new JsonRpcError('JSON-RPC set failed.', { cause: hidden() })],
  ['XmlParseError', () => new XmlParseError('unclosed tag', 12)],
  ['DialogInfoError', () => new DialogInfoError('root element is <x>', { cause: hidden() })],
  ['SipParseError', () => new SipParseError('no start line')],
  ['SipFramingError', () => new SipFramingError('Content-Length missing')],
  ['SipTimeoutError', () => new SipTimeoutError('SUBSCRIBE', 'pbx.example:5060', 32_000)],
  ['SipRequestFailedError', () => new SipRequestFailedError('SUBSCRIBE', 403, 'Forbidden')],
  ['SipTransportError', () => new SipTransportError('The SIP connector is stopped.', { cause: hidden() })],
  ['SipSettingsError', () => new SipSettingsError('host is empty')],
  ['AdminCheckError', () => new AdminCheckError(T, quoted())],
  ['RoleDetailsHiddenError', () => new RoleDetailsHiddenError(T)],
];

describe('every error catalogue has the one shape', () => {
  it.each(catalogue)('%s is a CodedError with a stable code, a fix, and its own name', (name, make) => {
    const err = make();
    expect(isCodedError(err)).toBe(true);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe(name);
    expect(err.code).toMatch(/^[A-Za-z][\w-]*$/);
    expect(err.fix.trim().length).toBeGreaterThan(10);
    expect(err.message.startsWith(err.problem)).toBe(true);
  });

  it.each(catalogue)('%s shows admins plain data: no stack, no cause, no secret', (_name, make) => {
    const view = make().adminView();
    expect(Object.keys(view).every((k) => ['code', 'message', 'fix', 'detail'].includes(k))).toBe(true);
    const json = JSON.stringify(view);
    expect(json).not.toContain(SECRET);
    expect(json).not.toMatch(/\n\s+at /);
    expect(JSON.parse(json)).toEqual(view);
    expect(view.fix.length).toBeGreaterThan(0);
  });

  it('keeps the lower-level error as the standard ES2022 cause', () => {
    const cause = hidden();
    expect(new CorruptDataError('overrides row 4', { cause }).cause).toBe(cause);
    expect(new GraphUnavailableError(T, 'reading presence', 4, '503', { cause }).cause).toBe(cause);
    expect(TenantStartError.wrapping(T, cause).cause).toBe(cause);
    expect('cause' in new SchemaTooNewError(9, 7)).toBe(false);
  });

  it('leaves no error class in product code outside the shape', () => {
    const root = join(__dirname, '..');
    const outside: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        const rel = relative(root, path);
        if (entry.isDirectory()) {
          if (rel !== join('src', 'sim') && rel !== join('src', 'demo')) walk(path);
        } else if (/\.tsx?$/.test(entry.name) && /class \w+ extends Error\b/.test(readFileSync(path, 'utf8'))) outside.push(rel);
      }
    };
    walk(join(root, 'src'));
    walk(join(root, 'bot'));
    expect(outside).toEqual([join('src', 'coded-error.ts')]);
  });
});

describe('the admin view shows problem and fix apart, and the code an admin looks up', () => {
  it.each<[string, CodedError, { code: string; message: string; fix: string; detail?: Record<string, string> }]>([
    [
      'an Entra refusal shows its AADSTS number',
      new EntraAuthError(T, 7000222, 'invalid_client', 'the client secret has expired.', 'create a new client secret.'),
      {
        code: 'AADSTS7000222',
        message: `Entra ID refused a token for tenant ${T} (AADSTS7000222): the client secret has expired.`,
        fix: 'create a new client secret.',
      },
    ],
    [
      'an Entra refusal without a number keeps the catalogue code',
      new EntraAuthError(T, undefined, 'invalid_request', 'no AADSTS given.', 'check the authority host.'),
      { code: 'entra-auth', message: `Entra ID refused a token for tenant ${T}: no AADSTS given.`, fix: 'check the authority host.' },
    ],
    [
      "a Graph refusal shows Graph's code and the permission to grant",
      new GraphPermissionError(T, 'Presence.Read.All', 'reading presence', 'grant admin consent.'),
      {
        code: 'Authorization_RequestDenied',
        message: `Microsoft Graph denied reading presence for tenant ${T}: the application permission Presence.Read.All is missing or not consented.`,
        fix: 'grant admin consent.',
        detail: { permission: 'Presence.Read.All' },
      },
    ],
    [
      "a Graph error shows Graph's own code",
      new GraphRequestError(T, 400, 'BadRequest', 'setting presence', 'bad session', 'check the application id.'),
      {
        code: 'BadRequest',
        message: `Microsoft Graph answered 400 BadRequest to setting presence for tenant ${T}: bad session.`,
        fix: 'check the application id.',
      },
    ],
    [
      'a store error whose message ends with its fix',
      new SchemaTooNewError(9, 7),
      {
        code: 'schemaTooNew',
        message:
          'the database has schema version 9, but this build of PresenceBridge only knows up to version 7; it was written by a newer release.',
        fix: 'Upgrade PresenceBridge, or point it at another database file.',
      },
    ],
  ])('%s', (_name, err, view) => {
    expect(err.adminView()).toEqual(view);
  });

  it('keeps each catalogue message whole: problem, then the fix in the words it always used', () => {
    expect(new NoAlertChannelError(T).message).toBe(
      `No alert channel is set for tenant ${T}; alerts are kept until one is. Fix: in the Teams channel that should get them, @mention PresenceBridge with "alerts here".`,
    );
    expect(new ExpiredTokenError().message).toBe(
      'The sign-in token has expired. Open PresenceBridge from Teams again so that Teams issues a fresh sign-in token.',
    );
    expect(new SipRequestFailedError('SUBSCRIBE', 403, 'Forbidden', 'Check the user').message).toBe(
      'The PBX refused SUBSCRIBE: 403 Forbidden. Check the user',
    );
    expect(new SipRequestFailedError('SUBSCRIBE', 403, 'Forbidden').message).toBe('The PBX refused SUBSCRIBE: 403 Forbidden');
  });

  it('keeps the codes the admin API and the tab key on', () => {
    expect([new MissingTokenError(), new NotAdminError()].map((e) => [e.code, e.status])).toEqual([
      ['missingToken', 401],
      ['notAdmin', 403],
    ]);
    expect(new MissingTokenError()).toBeInstanceOf(AuthError);
  });
});
