/**
 * The deployment files name only settings the service reads (src/config.ts's schema, not a hand list), set
 * every one a production start needs (the settings, with stand-ins where the platform fills in a value, load
 * in tenant mode on PostgreSQL with the bot on), keep secrets out of plain values, and start, probe and stop
 * the service the same way on every path.
 */
import { loadSettings, SETTING_NAMES } from '../../src/config';
import { bicepAppSettings, bicepSiteConfig, composeServices, dockerfile, kubernetesObjects, type SettingValue } from './deployment-files';

const GUID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
/** App Service's own settings, read by the platform, not by the service. */
const APP_SERVICE_OWN = /^(WEBSITE_|WEBSITES_|SCM_)/;
const SECRETS = ['PB_CLIENT_SECRET', 'PB_SECRET_KEY', 'PB_DATABASE_URL', 'PB_BOT_APP_PASSWORD'];

/** A stand-in for a value the platform fills in, of the form the setting takes. */
function standIn(name: string): string {
  if (name === 'PB_DATABASE_URL') return 'postgres://presence:pw@db.example.com:5432/presence_bridge';
  if (name === 'PB_SECRET_KEY') return Buffer.alloc(32, 7).toString('base64');
  if (name === 'PB_SSO_APP_ID_URI') return `api://presencebridge.example.net/${GUID}`;
  if (name === 'PB_PBX_URL') return 'https://pbx.example.com/presence';
  if (name === 'PB_PBX_CONNECTOR') return 'webhook';
  if (/_ID$/.test(name)) return GUID;
  return 'a-stand-in-secret-value';
}

const envOf = (settings: Map<string, SettingValue>) =>
  Object.fromEntries([...settings].map(([name, v]) => [name, 'literal' in v ? v.literal : standIn(name)]));

describe('infra/azure.bicep', () => {
  const settings = bicepAppSettings();

  test('sets only settings the service reads, besides App Service’s own', () => {
    expect(settings.size).toBeGreaterThan(5);
    const unknown = [...settings.keys()].filter((n) => !APP_SERVICE_OWN.test(n) && !SETTING_NAMES.includes(n));
    expect(unknown).toEqual([]);
  });

  test('sets everything a production start needs: tenant mode, PostgreSQL, the bot, the SSO URI, tenants set up in the tab', () => {
    const s = loadSettings(envOf(settings));
    expect(s).toMatchObject({ mode: 'tenant', allowNewTenants: true, host: '0.0.0.0' });
    expect(s.databaseUrl).toBeDefined();
    expect(s.bot.appId).toBeDefined();
    expect(s.ssoAppIdUri).toBeDefined();
  });

  test('the secrets are Key Vault references, never plain values', () => {
    for (const name of SECRETS) {
      const value = settings.get(name);
      expect({ name, value: value && 'expression' in value ? value.expression : value }).toEqual({
        name,
        value: expect.stringMatching(/^'@Microsoft\.KeyVault\(SecretUri=\$\{\w+\.properties\.secretUri\}\)'$/),
      });
    }
  });

  test('the App Service runs the release artefact as the Dockerfile does, on Node 24, health-checked on the readiness path', () => {
    expect(bicepSiteConfig('appCommandLine')?.split(' ')).toEqual(dockerfile().cmd);
    expect(bicepSiteConfig('linuxFxVersion')).toBe('NODE|24-lts');
    expect(bicepSiteConfig('healthCheckPath')).toBe('/readyz');
    expect(settings.get('WEBSITE_RUN_FROM_PACKAGE')).toEqual({ literal: '1' });
  });
});

describe('compose.yaml', () => {
  const services = composeServices();
  const replicas = Object.values(services).filter((s) => s.image?.startsWith('presence-bridge'));

  test('two replicas of the image beside PostgreSQL, started from the same settings', () => {
    expect(replicas).toHaveLength(2);
    expect(Object.values(services).some((s) => s.image?.startsWith('postgres:'))).toBe(true);
    expect([...replicas[0].environment]).toEqual([...replicas[1].environment]);
  });

  test('the replicas name only settings the service reads, and those load in tenant mode on PostgreSQL', () => {
    const env = replicas[0].environment;
    expect([...env.keys()].filter((n) => !SETTING_NAMES.includes(n))).toEqual([]);
    const s = loadSettings(envOf(env));
    expect(s.mode).toBe('tenant');
    expect(s.databaseUrl).toBeDefined();
  });

  test('secrets come from the operator’s environment, required ones stop `up` when missing', () => {
    for (const name of ['PB_CLIENT_SECRET', 'PB_SECRET_KEY', 'PB_TENANT_ID', 'PB_CLIENT_ID']) {
      expect(replicas[0].environment.get(name)).toEqual({ expression: expect.stringMatching(new RegExp(`^\\$\\{${name}:\\?`)) });
    }
  });

  test('read-only containers with an init, a tmpfs and a grace period for the drain', () => {
    expect(replicas[0].raw).toMatchObject({ read_only: true, init: true, tmpfs: ['/tmp'], stop_grace_period: '30s' });
    expect(replicas[0].environment.get('PB_DATA_DIR')).toEqual({ literal: expect.stringMatching(/^\/tmp\//) });
  });
});

describe('deploy/kubernetes', () => {
  const objects = kubernetesObjects();
  const find = (kind: string) => objects.find((o) => o.kind === kind)!;
  type Container = {
    env: Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
    envFrom: Array<{ configMapRef: { name: string } }>;
    livenessProbe: { httpGet: { path: string } };
    readinessProbe: { httpGet: { path: string } };
  };
  const deployment = find('Deployment');
  const container = (deployment.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0];

  test('the pod gets only settings the service reads, secrets from the Secret', () => {
    const configMap = find('ConfigMap');
    expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }]);
    const names = [...Object.keys(configMap.data!), ...container.env.map((e) => e.name)];
    expect(names.filter((n) => !SETTING_NAMES.includes(n))).toEqual([]);
    for (const name of ['PB_CLIENT_SECRET', 'PB_SECRET_KEY', 'PB_DATABASE_URL']) {
      expect(container.env.find((e) => e.name === name)?.valueFrom?.secretKeyRef).toEqual({ name: 'presence-bridge', key: name });
    }
    const s = loadSettings({ ...configMap.data, ...Object.fromEntries(container.env.map((e) => [e.name, standIn(e.name)])) });
    expect(s.mode).toBe('tenant');
    expect(s.databaseUrl).toBeDefined();
  });

  test('two replicas, liveness on /healthz, readiness on /readyz, a disruption budget over the same pods', () => {
    // Every ready pod serves (tenants spread over replicas), so a rolling update never waits on a standby.
    expect(deployment.spec).toMatchObject({ replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } });
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    const pdb = find('PodDisruptionBudget');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect((pdb.spec as { selector: unknown }).selector).toEqual((deployment.spec as { selector: unknown }).selector);
  });
});

describe('Dockerfile', () => {
  const { finalStage, cmd } = dockerfile();

  test('the final stage copies the release artefact, installs and builds nothing, and runs as the non-root user', () => {
    expect(finalStage).toMatch(/^COPY --from=build .*\/src\/release\/ \/app\/$/m);
    expect(finalStage).not.toMatch(/^RUN .*\b(npm|npx|yarn|apt-get|tsc|esbuild|vite)\b/m);
    expect(finalStage).toMatch(/^USER node$/m);
    expect(finalStage).toMatch(/^HEALTHCHECK .*\/healthz/m);
  });

  test('CMD starts the bundle with plain node (signals reach it), with npm start’s memory flags', () => {
    expect(cmd[0]).toBe('node');
    expect(cmd.slice(-2)).toEqual(['dist/cli.js', 'start']);
    expect(cmd).toEqual(expect.arrayContaining(['--max-old-space-size=512', '--max-semi-space-size=8', '--optimize-for-size']));
  });
});
