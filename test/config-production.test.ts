/**
 * Production never runs the demo: a service reachable from other machines (HOST not loopback) with no tenant
 * refuses to start and names what it needs; the demo stays what `npm start` does on this machine alone and what
 * `presence-bridge demo` asks for. A multi-tenant deployment may start with no PBX of its own. An unresolved App
 * Service Key Vault reference is refused instead of being used as the secret.
 */
import { ConfigError, loadSettings } from '../src/config';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const operatorTenant = {
  PB_TENANT_ID: TENANT,
  PB_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
  PB_CLIENT_SECRET: 'a-client-secret-value',
  PB_SECRET_KEY: 'x'.repeat(44),
};

function problemsOf(env: Record<string, string>, options?: { forceDemo?: boolean }): string[] {
  try {
    loadSettings(env, options);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('production never runs the demo', () => {
  test.each(['0.0.0.0', '::', '10.1.2.3', 'presence.example.com'])(
    'HOST=%s with no tenant is refused, naming the settings it needs',
    (host) => {
      const problems = problemsOf({ HOST: host });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^HOST: demo mode .* this machine only .*Fix: .*to serve other machines, set /);
      for (const name of [
        'PB_TENANT_ID',
        'PB_CLIENT_ID',
        'PB_CLIENT_SECRET',
        'PB_SECRET_KEY',
        'PB_PBX_CONNECTOR',
        'PB_ALLOW_NEW_TENANTS',
      ]) {
        expect(problems[0]).toContain(name);
      }
    },
  );

  test.each([{}, { HOST: '127.0.0.1' }, { HOST: 'localhost' }, { HOST: '::1' }])(
    'nothing configured on loopback (%j) stays the demo',
    (env) => {
      expect(loadSettings(env).mode).toBe('demo');
    },
  );

  test('`presence-bridge demo` is the demo when asked for, on loopback', () => {
    expect(loadSettings({ ...operatorTenant, HOST: '127.0.0.1' }, { forceDemo: true }).mode).toBe('demo');
  });

  test("a multi-tenant deployment starts on the operator's tenant with no PBX of its own, waiting for the tab", () => {
    const s = loadSettings({ ...operatorTenant, HOST: '0.0.0.0', PB_ALLOW_NEW_TENANTS: 'true' });
    expect(s).toMatchObject({ mode: 'tenant', allowNewTenants: true, pbxConfigured: false });
  });

  test('a single-tenant deployment still needs its PBX', () => {
    expect(problemsOf({ ...operatorTenant })).toEqual([
      expect.stringMatching(/^PB_PBX_CONNECTOR: missing\. Fix: .*PB_ALLOW_NEW_TENANTS=true/),
    ]);
  });

  test('an unresolved Key Vault reference is refused by name, without quoting it as a value', () => {
    const reference = '@Microsoft.KeyVault(SecretUri=https://pb-vault.vault.azure.net/secrets/client-secret/)';
    const problems = problemsOf({
      ...operatorTenant,
      PB_ALLOW_NEW_TENANTS: 'true',
      PB_CLIENT_SECRET: reference,
      PB_BOT_APP_PASSWORD: reference,
    });
    expect(problems).toEqual([
      expect.stringMatching(/^PB_CLIENT_SECRET: its Key Vault reference was not resolved.*Key Vault Secrets User/),
      expect.stringMatching(/^PB_BOT_APP_PASSWORD: its Key Vault reference was not resolved/),
    ]);
    expect(problems.join('\n')).not.toContain('pb-vault');
  });
});
