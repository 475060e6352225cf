import { ConfigError, loadSettings, redactedSettings } from '../src/config';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const realTenant = {
  PB_TENANT_ID: TENANT,
  PB_CLIENT_ID: CLIENT,
  PB_CLIENT_SECRET: 'a-client-secret-value',
  PB_SECRET_KEY: 'x'.repeat(44),
  PB_PBX_CONNECTOR: 'webhook',
  PB_PBX_URL: 'https://pbx.example.com/hook',
  PB_PBX_SECRET: 'a-shared-secret-of-length',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('settings', () => {
  test('no tenant configured means demo mode on loopback with the documented defaults', () => {
    const s = loadSettings({});
    expect(s).toMatchObject({ mode: 'demo', port: 3978, host: '127.0.0.1', preset: 'default' });
    expect(s.graph).toEqual({ budgetPer30s: 1500, pollShare: 0.5, pollMinPeriodMs: 1000, writeShare: 0.3 });
    expect(Object.isFrozen(s)).toBe(true);
    expect(s.audit).toEqual({ retentionDays: 365 });
    expect(loadSettings({ PB_AUDIT_RETENTION_DAYS: '90' }).audit).toEqual({ retentionDays: 90 });
  });

  test('a complete real tenant configuration is accepted and listens on all interfaces', () => {
    const s = loadSettings(realTenant);
    expect(s.mode).toBe('tenant');
    expect(s.host).toBe('0.0.0.0');
    expect(s.tenant).toEqual({ tenantId: TENANT, clientId: CLIENT, secret: 'a-client-secret-value', certificate: undefined });
  });

  test.each([
    [{ PORT: 'abc' }, /^PORT: must be a number/],
    [{ PORT: '70000' }, /^PORT: must be at most 65535/],
    [{ PB_POLL_BUDGET_SHARE: '50' }, /^PB_POLL_BUDGET_SHARE: must be at most 1/],
    [{ PB_GRAPH_BASE_URL: 'http://graph.microsoft.com' }, /^PB_GRAPH_BASE_URL: must use https/],
    [{ PB_TENANT_ID: 'contoso.onmicrosoft.com' }, /^PB_TENANT_ID: must be the tenant id, a GUID/],
    [{ PB_PBX_CONNECTOR: 'fax' }, /^PB_PBX_CONNECTOR: must be one of/],
    [{ PB_MATCH_STRATEGIES: 'upn,surname' }, /^PB_MATCH_STRATEGIES: unknown surname/],
  ])('%j is refused with a message naming the variable', (env, message) => {
    const problems = problemsOf(env as Record<string, string>);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test.each([
    ['PB_CLIENT_ID', { PB_CLIENT_ID: '' }, /PB_CLIENT_ID: missing/],
    ['both secret and certificate', { PB_CLIENT_CERT_FILE: '/nonexistent.pem', PB_CLIENT_KEY_FILE: '/nonexistent.pem' }, /both set/],
    ['no credential', { PB_CLIENT_SECRET: '' }, /one is needed/],
    ['no encryption key', { PB_SECRET_KEY: '' }, /PB_SECRET_KEY: missing/],
    ['no connector address', { PB_PBX_URL: '' }, /PB_PBX_URL: missing/],
    ['a short webhook secret', { PB_PBX_SECRET: 'short' }, /PB_PBX_SECRET: too short/],
    ['a short previous webhook secret', { PB_PBX_SECRET_PREVIOUS: 'short' }, /PB_PBX_SECRET_PREVIOUS: too short/],
    ['a pause alert limit of zero hours', { PB_ALERT_PAUSED_HOURS: '0' }, /PB_ALERT_PAUSED_HOURS/],
    ['an audit log kept zero days', { PB_AUDIT_RETENTION_DAYS: '0' }, /PB_AUDIT_RETENTION_DAYS: must be at least 1/],
    ['an audit retention that is not a number', { PB_AUDIT_RETENTION_DAYS: 'a year' }, /PB_AUDIT_RETENTION_DAYS: must be a number/],
  ])('a real tenant with %s is refused with the fix', (_name, change, message) => {
    expect(problemsOf({ ...realTenant, ...change })).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test('an unreadable certificate file is named with the path', () => {
    const problems = problemsOf({
      ...realTenant,
      PB_CLIENT_SECRET: '',
      PB_CLIENT_CERT_FILE: '/no/such/cert.pem',
      PB_CLIENT_KEY_FILE: '/no/such/key.pem',
    });
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('PB_CLIENT_CERT_FILE: cannot read "/no/such/cert.pem"')]));
  });

  test('the redacted summary carries no secret', () => {
    const text = JSON.stringify(redactedSettings(loadSettings({ ...realTenant, PB_PBX_SECRET_PREVIOUS: 'the-previous-shared-secret' })));
    expect(text).not.toContain('a-client-secret-value');
    expect(text).not.toContain('a-shared-secret-of-length');
    expect(text).not.toContain('the-previous-shared-secret');
    expect(text).not.toContain('x'.repeat(44));
    expect(text).toContain(TENANT);
  });
});

describe('PB_DATABASE_URL', () => {
  const PASSWORD = 'pg-pa55-word-secret';

  test('absent: the SQLite file in the data directory, as before', () => {
    const s = loadSettings({ PB_DATA_DIR: '/var/lib/pb' });
    expect(s.databaseUrl).toBeUndefined();
    expect(s.dbPath).toBe('/var/lib/pb/presence-bridge.db');
  });

  test.each(['postgres://pb:secret@db.example.com:5432/presence', 'postgresql://db.example.com/presence?sslmode=require'])(
    '%s means PostgreSQL',
    (url) => {
      expect(loadSettings({ ...realTenant, PB_DATABASE_URL: url }).databaseUrl).toBe(url);
    },
  );

  test.each([
    ['another database', `mysql://root:${PASSWORD}@db/pb`, 'mysql://root@db/pb'],
    ['a libpq key=value string', `host=db user=pb password=${PASSWORD}`, 'not shown, as it may hold a password'],
    ['a URL without //', `pb:${PASSWORD}@db:5432/pb`, 'not shown, as it may hold a password'],
  ])('%s is refused at start-up with the setting and the fix, never the password', (_case, url, shown) => {
    const problems = problemsOf({ ...realTenant, PB_DATABASE_URL: url });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PB_DATABASE_URL: must be a PostgreSQL URL such as postgres:\/\//);
    expect(problems[0]).toContain('Fix:');
    expect(problems[0]).toContain(shown);
    expect(problems[0]).not.toContain(PASSWORD);
  });

  test('is refused together with PB_DB_PATH: one store or the other', () => {
    expect(problemsOf({ ...realTenant, PB_DATABASE_URL: 'postgres://db/pb', PB_DB_PATH: '/data/pb.db' })).toEqual([
      expect.stringMatching(/PB_DATABASE_URL and PB_DB_PATH are both set/),
    ]);
  });

  test('the redacted summary names the server but never the password', () => {
    const redacted = redactedSettings(
      loadSettings({ ...realTenant, PB_DATABASE_URL: `postgres://pb:${PASSWORD}@db.example.com:5432/presence?password=${PASSWORD}` }),
    );
    expect(redacted.databaseUrl).toBe('postgres://pb@db.example.com:5432/presence');
    expect(JSON.stringify(redacted)).not.toContain(PASSWORD);
  });
});

describe('PB_OUTBOUND_ALLOW', () => {
  test('CIDRs, addresses and names are read into the allow list', () => {
    const s = loadSettings({ PB_OUTBOUND_ALLOW: '10.20.0.0/16, 192.168.1.5 pbx.corp.example,*.voice.example' });
    expect(s.outboundAllow).toMatchObject({ names: ['pbx.corp.example'], suffixes: ['.voice.example'] });
    expect(s.outboundAllow?.cidrs).toHaveLength(2);
  });

  test('an entry that is none of these stops start-up, named, with the fix', () => {
    expect(problemsOf({ PB_OUTBOUND_ALLOW: '10.0.0.0/8, 10.0.0.0/40' })).toEqual([
      expect.stringMatching(/^PB_OUTBOUND_ALLOW: "10\.0\.0\.0\/40" has a prefix length that does not fit.*Fix: list CIDRs/),
    ]);
  });
});

describe('demo mode listens on this machine only', () => {
  test.each(['0.0.0.0', '::', '192.168.1.20', 'pb.example.com', '127.0.0.1.nip.io'])(
    'HOST=%s is refused in demo mode, naming the fix',
    (host) => {
      const problems = problemsOf({ HOST: host });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^HOST: demo mode .* this machine only/);
      expect(problems[0]).toContain('Fix: remove HOST');
    },
  );

  test.each(['127.0.0.1', '127.0.0.2', '::1', 'localhost'])('HOST=%s is accepted in demo mode', (host) => {
    expect(loadSettings({ HOST: host }).host).toBe(host);
  });

  test('a tenant may listen on every interface', () => {
    expect(loadSettings({ ...realTenant, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});

describe('HTTP limits', () => {
  test('have stated defaults and can be set', () => {
    expect(loadSettings({}).http).toEqual({ headersMs: 10_000, requestMs: 60_000, idleMs: 60_000 });
    expect(
      loadSettings({ PB_HTTP_HEADERS_TIMEOUT_MS: '500', PB_HTTP_REQUEST_TIMEOUT_MS: '2000', PB_HTTP_IDLE_TIMEOUT_MS: '700' }).http,
    ).toEqual({ headersMs: 500, requestMs: 2000, idleMs: 700 });
  });

  test('a head allowed longer than its whole request is refused', () => {
    expect(problemsOf({ PB_HTTP_HEADERS_TIMEOUT_MS: '5000', PB_HTTP_REQUEST_TIMEOUT_MS: '1000' })).toEqual([
      expect.stringMatching(/^PB_HTTP_HEADERS_TIMEOUT_MS is longer than PB_HTTP_REQUEST_TIMEOUT_MS/),
    ]);
  });
});
