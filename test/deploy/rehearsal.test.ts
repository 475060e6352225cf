/**
 * Deployment rehearsal: the release artefact is built as the pipeline builds it (`npm run release`), put in a
 * read-only folder, and started twice, as App Service's two instances run it: with the command of the Dockerfile
 * (= the bicep's appCommandLine) and the app settings infra/azure.bicep gives, against the local PostgreSQL and the
 * Graph/Entra simulator as an outside HTTPS server. The values the platform fills in (Key Vault secrets, ids, the
 * port, a per-instance PB_DATA_DIR) get stand-ins; Microsoft's addresses point at the simulators.
 * Checked: tenant mode, not the demo; both replicas ready (each serves every route); the tab served; the bot on
 * (a signed Bot Connector request accepted, an unsigned one refused); no demo token route; nothing written
 * outside PB_DATA_DIR; SIGTERM stops a replica cleanly; a replica that joins later is ready and stops on SIGTERM.
 * Then the same with compose.yaml's settings (the operator's own tenant and PBX): Teams presence reaches the PBX
 * simulator through the artefact, before and after the replica running the tenant stops (its lease moves).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { generatePeople, SIMULATOR_CERT_FILE, startGraphSimulator, type GraphSimulator, type TenantCredentials } from '../../src/sim/graph';
import { startPbxSimulator } from '../../src/sim/pbx';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../store/postgres-lab';
import { freeTcpPort } from '../support/free-ports';
import { bicepAppSettings, composeServices, dockerfile, ROOT } from './deployment-files';

/** Readiness: 200 on every replica that serves, 503 with the reason while starting (load balancers, Kubernetes, App Service). */
const READINESS_PATH = '/readyz';
const BOT_APP_ID = '0b0b0b0b-1111-4222-8333-444444444444';
const KID = 'rehearsal-bot-connector-key';

jest.setTimeout(240_000);

/** Every file under a folder with its size and modification time: what "unchanged" means here. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const s = statSync(path);
        files[relative(dir, path)] = `${s.size}:${s.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return files;
}

interface Replica {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, replicas: Replica[], timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms.\n${replicas.map((r) => `--- ${r.url}\n${r.output()}`).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describeWithPostgres('deployment rehearsal: two replicas of the release artefact with the Azure settings', () => {
  const work = mkdtempSync(join(tmpdir(), 'pb-rehearsal-'));
  const release = join(work, 'release');
  const home = join(work, 'home');
  const tmp = join(work, 'tmp');
  let schema: TestSchema;
  let graph: GraphSimulator;
  let tenant: TenantCredentials;
  let metadata: HttpServer;
  let botKey: CryptoKey;
  let releaseBefore: Record<string, string>;
  const replicas: Replica[] = [];
  const people = generatePeople(10, 11);

  beforeAll(async () => {
    // As the pipeline does it (teamsapp.yml's deploy, the Dockerfile's build stage).
    const built = spawnSync('npm', ['run', 'release', '--', '--out', release, '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`npm run release failed:\n${built.stdout}\n${built.stderr}`);
    for (const dir of [home, tmp]) spawnSync('mkdir', ['-p', dir]);
    // Read-only for everyone but root; the snapshot below catches a write either way.
    spawnSync('chmod', ['-R', 'a-w', release]);
    releaseBefore = snapshot(release);

    schema = await createTestSchema();
    graph = await startGraphSimulator({});
    tenant = graph.addTenant({ users: people.directoryUsers });

    // The Bot Connector's OpenID metadata and signing key, as login.botframework.com publishes them.
    const pair = await generateKeyPair('RS256');
    botKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, use: 'sig', endorsements: ['msteams'] };
    metadata = createServer((req, res) => {
      const origin = `http://127.0.0.1:${(metadata.address() as { port: number }).port}`;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/.well-known/openidconfiguration')
        res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${origin}/v1/.well-known/keys` }));
      else res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await Promise.all(replicas.map((r) => r.exited));
    await new Promise<void>((resolve) => (metadata ? metadata.close(() => resolve()) : resolve()));
    await graph?.close();
    await schema?.drop();
    spawnSync('chmod', ['-R', 'u+w', work]);
    rmSync(work, { recursive: true, force: true });
  });

  /** The bicep's app settings, with stand-ins for what the platform fills in. */
  async function settingsOfInstance(dataDir: string, port: number): Promise<Record<string, string>> {
    const standIns: Record<string, string> = {
      PB_TENANT_ID: tenant.tenantId,
      PB_CLIENT_ID: tenant.clientId,
      PB_CLIENT_SECRET: tenant.clientSecret,
      PB_SECRET_KEY: secretKey,
      PB_DATABASE_URL: schema.url,
      PB_SSO_APP_ID_URI: `api://presencebridge.example.net/${tenant.clientId}`,
      PB_BOT_APP_ID: BOT_APP_ID,
      PB_BOT_APP_PASSWORD: 'a-bot-password-not-used-here',
      // infra/azure.parameters.json leaves these empty, and the bicep then leaves them out.
      PB_BOT_TENANT_ID: '',
      PB_ADMIN_GROUP_ID: '',
    };
    const env: Record<string, string> = {};
    for (const [name, value] of bicepAppSettings()) {
      if ('literal' in value) env[name] = value.literal;
      else if (name in standIns) {
        if (standIns[name] !== '') env[name] = standIns[name];
      } else throw new Error(`infra/azure.bicep sets ${name} from ${value.expression}: give it a stand-in in this rehearsal.`);
    }
    return {
      ...env,
      // What App Service provides per instance, and where "Microsoft" is in this rehearsal.
      PORT: String(port),
      PB_DATA_DIR: dataDir,
      PB_AUTHORITY_HOST: graph.url,
      PB_GRAPH_BASE_URL: graph.url,
      PB_TLS_CA_FILE: SIMULATOR_CERT_FILE,
      PB_BOT_OPENID_METADATA_URL: `http://127.0.0.1:${(metadata.address() as { port: number }).port}/v1/.well-known/openidconfiguration`,
      LOG_LEVEL: 'warn',
    };
  }
  const secretKey = randomBytes(32).toString('base64');

  async function startReplica(name: string, settingsOf = settingsOfInstance): Promise<Replica & { dataDir: string }> {
    const dataDir = join(work, `data-${name}`);
    const port = await freeTcpPort();
    const [command, ...args] = dockerfile().cmd;
    expect(command).toBe('node');
    const child = spawn(process.execPath, args, {
      cwd: release,
      // Only what a platform gives a process: no inherited project or test settings.
      env: { PATH: process.env.PATH, HOME: home, TMPDIR: tmp, ...(await settingsOf(dataDir, port)) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout!.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (text += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const replica = { child, url: `http://127.0.0.1:${port}`, output: () => text, exited, dataDir };
    replicas.push(replica);
    return replica;
  }

  const readiness = async (r: Replica) => {
    const answer = await fetch(`${r.url}${READINESS_PATH}`);
    return { status: answer.status, body: (await answer.json()) as { status: string; mode?: string; tenants?: { tenantId: string }[] } };
  };

  const activity = (serviceUrl: string) => ({
    type: 'typing',
    id: 'rehearsal-1',
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:someone', name: 'Adele' },
    recipient: { id: `28:${BOT_APP_ID}`, name: 'PresenceBridge' },
    conversation: { id: 'a:personal', conversationType: 'personal', tenantId: tenant.tenantId },
    channelData: { tenant: { id: tenant.tenantId } },
  });
  const botPost = async (url: string, signed: boolean) => {
    const serviceUrl = 'https://smba.trafficmanager.net/teams/';
    const token = signed
      ? await new SignJWT({ serviceurl: serviceUrl })
          .setProtectedHeader({ alg: 'RS256', kid: KID })
          .setIssuer('https://api.botframework.com')
          .setAudience(BOT_APP_ID)
          .setIssuedAt()
          .setNotBefore('0s')
          .setExpirationTime('5m')
          .sign(botKey)
      : undefined;
    const answer = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(activity(serviceUrl)),
    });
    return answer.status;
  };

  test('every replica serves in tenant mode, and a replica stops cleanly on SIGTERM', async () => {
    const a = await startReplica('a');
    const ready = await waitFor('replica A ready', async () => ((await readiness(a)).status === 200 ? readiness(a) : undefined), replicas);
    // Multi-tenant (the operator's tenant + PB_ALLOW_NEW_TENANTS, no PBX of its own): no tenant runs until an admin sets one up.
    expect(ready.body).toMatchObject({ mode: 'tenant', tenants: [] });
    await waitFor('the start line', async () => (a.output().includes('PresenceBridge is running on') ? true : undefined), replicas);
    expect(a.output()).toContain('(tenant mode, no tenant set up yet: admins set theirs up in the tab)');

    const b = await startReplica('b');
    const second = await waitFor('replica B ready', async () => ((await readiness(b)).status === 200 ? readiness(b) : undefined), replicas);
    expect(second.body).toMatchObject({ mode: 'tenant', replica: { liveReplicas: 2 } });
    // Liveness (the image's HEALTHCHECK, Kubernetes' livenessProbe).
    expect((await fetch(`${b.url}/healthz`)).status).toBe(200);

    // The tab, the bot (signed requests only), and no demo.
    const tab = await fetch(`${a.url}/tab/`);
    expect(tab.status).toBe(200);
    expect(await tab.text()).toContain('<div id="root">');
    expect(await botPost(a.url, false)).toBe(401);
    expect(await botPost(a.url, true)).toBe(200);
    expect((await fetch(`${a.url}/api/demo/token?role=admin`)).status).toBe(404);
    expect(a.output()).not.toMatch(/demo mode/i);

    // SIGTERM: A drains and exits cleanly; B serves on.
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect((await readiness(b)).status).toBe(200);
    expect(await botPost(b.url, true)).toBe(200);

    // A replica that joins later is ready, and stops on SIGTERM (Node as a container's PID 1 would otherwise ignore it).
    const c = await startReplica('c');
    await waitFor('replica C ready', async () => ((await readiness(c)).status === 200 ? true : undefined), replicas);
    c.child.kill('SIGTERM');
    expect(await c.exited).toBe(0);

    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);

    // Nothing written outside PB_DATA_DIR: the release folder as built, HOME and TMPDIR empty.
    expect(snapshot(release)).toEqual(releaseBefore);
    expect(readdirSync(home)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  test("compose.yaml's settings: the operator's tenant syncs through the artefact, and moves to the other replica on SIGTERM", async () => {
    const composeSchema = await createTestSchema();
    const pbxSecret = randomBytes(24).toString('base64url');
    const pbx = await startPbxSimulator({ users: people.pbxUsers, secret: pbxSecret });
    try {
      const [replica] = Object.values(composeServices()).filter((service) => service.image?.startsWith('presence-bridge'));
      // What the operator puts in .env (compose's required ${X:?} values) and what the platform gives.
      const operator: Record<string, string> = {
        PB_DATABASE_URL: composeSchema.url,
        PB_SECRET_KEY: secretKey,
        PB_TENANT_ID: tenant.tenantId,
        PB_CLIENT_ID: tenant.clientId,
        PB_CLIENT_SECRET: tenant.clientSecret,
        PB_PBX_CONNECTOR: 'webhook',
        PB_PBX_URL: pbx.routingUrl,
        PB_PBX_USERS_URL: pbx.usersUrl,
        PB_PBX_SECRET: pbxSecret,
      };
      const settingsOf = async (dataDir: string, port: number) => {
        const env: Record<string, string> = {};
        for (const [name, value] of replica.environment) {
          if (name in operator) env[name] = operator[name];
          else if ('literal' in value) {
            if (value.literal !== '') env[name] = value.literal;
          } else throw new Error(`compose.yaml sets ${name} from ${value.expression}: give it a value in this rehearsal.`);
        }
        return {
          ...env,
          PORT: String(port),
          PB_DATA_DIR: dataDir,
          PB_AUTHORITY_HOST: graph.url,
          PB_GRAPH_BASE_URL: graph.url,
          PB_TLS_CA_FILE: SIMULATOR_CERT_FILE,
          LOG_LEVEL: 'warn',
        };
      };
      const first = await startReplica('compose-1', settingsOf);
      const ready = await waitFor(
        'compose replica 1 ready',
        async () => ((await readiness(first)).status === 200 ? readiness(first) : undefined),
        replicas,
      );
      expect(ready.body).toMatchObject({ mode: 'tenant', tenants: [{ tenantId: tenant.tenantId }] });
      const second = await startReplica('compose-2', settingsOf);
      await waitFor('compose replica 2 ready', async () => ((await readiness(second)).status === 200 ? true : undefined), replicas);

      // A Teams presence change reaches the PBX through the running artefact, before and after the hand-over.
      const matched = people.pbxUsers.filter((u) => people.directoryUsers.some((d) => d.userPrincipalName === u.email)).slice(0, 2);
      const userOf = (extension: string) =>
        people.directoryUsers.find((d) => d.userPrincipalName === people.pbxUsers.find((u) => u.extension === extension)!.email)!.id;
      const teams = graph.tenant(tenant.tenantId);
      teams.setUserPresence(userOf(matched[0].extension), 'DoNotDisturb', 'DoNotDisturb');
      await waitFor(
        'replica 1 routes DND to the PBX',
        async () => (pbx.state(matched[0].extension).routing?.state === 'dnd' ? true : undefined),
        replicas,
      );

      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      await waitFor(
        'compose replica 2 runs the tenant',
        async () => ((await readiness(second)).body.tenants?.some((t) => t.tenantId === tenant.tenantId) ? true : undefined),
        replicas,
      );
      teams.setUserPresence(userOf(matched[1].extension), 'DoNotDisturb', 'DoNotDisturb');
      await waitFor(
        'replica 2 routes DND to the PBX',
        async () => (pbx.state(matched[1].extension).routing?.state === 'dnd' ? true : undefined),
        replicas,
      );
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      expect(snapshot(release)).toEqual(releaseBefore);
    } finally {
      await pbx.close();
      await composeSchema.drop();
    }
  });
});
