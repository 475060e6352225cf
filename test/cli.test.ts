import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CommandIo } from '../src/cli';
import { openStoreFor } from '../src/commands/open-store';
import { startDemoService } from './support/demo-service';
import { demoOf } from '../src/demo/demo-of';

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { env, out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('presence-bridge rules map', () => {
  test.each([
    ['daktela', 'Away/Away', /^available\n/],
    ['daktela', 'Busy/InAMeeting', /^busy\n/],
    ['daktela', 'DoNotDisturb/DoNotDisturb', /^unavailable\n/],
    ['procall', 'DoNotDisturb/Presenting', /^dnd\n/],
    ['procall', 'Available/Available', /^no change/],
  ])('preset %s maps Teams %s', async (preset, teams, expected) => {
    const r = await run(['rules', 'map', '--preset', preset, '--teams', teams]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(expected);
    expect(r.out).toMatch(/rule: /);
  });

  test.each([
    ['procall', 'onCall', /^Busy\/InACall/],
    ['daktela', 'onCall', /^no change: nothing is written to Teams/],
    ['procall', 'idle', /^clear/],
  ])('preset %s maps line state %s', async (preset, line, expected) => {
    const r = await run(['rules', 'map', '--preset', preset, '--pbx', line]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(expected);
  });

  test.each([
    [['rules', 'map', '--preset', 'acme', '--teams', 'Busy/Busy'], /Unknown preset "acme"/],
    [['rules', 'map', '--teams', 'Bizzy/Busy'], /"Bizzy" is not a Teams availability/],
    [['rules', 'map', '--pbx', 'talking'], /"talking" is not a line state/],
    [['rules', 'map'], /Give either --teams/],
  ])('%j is refused with usage', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/Usage: presence-bridge rules map/);
  });
});

describe('presence-bridge command table', () => {
  test('an unknown command prints help and fails', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Unknown command "frobnicate"');
    expect(r.out).toContain('explain');
  });

  test('bad settings stop a command with the variable named', async () => {
    const r = await run(['users'], { PB_POLL_BUDGET_SHARE: '2' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/PB_POLL_BUDGET_SHARE: must be at most 1/);
  });
});

describe('users and explain read what the service stored', () => {
  test('after a demo run, users summarises the mapping and explain shows decisions', async () => {
    const demo = await startDemoService();
    const tenant = demoOf(demo.service).graph.tenant(demo.tenantId);
    const someone = (await demo.service.admin.users(demo.tenantId, { status: 'matched' })).rows[0];
    tenant.setUserPresence(someone.userId, 'DoNotDisturb', 'Presenting');
    await demo.service.runtimes.get(demo.tenantId)!.poller.sweepNow();
    await demo.service.engine.idle();
    // A second extension with another user's address: a conflict, never resolved at random.
    const other = (await demo.service.admin.users(demo.tenantId, { status: 'matched' })).rows[1];
    const pbxUsers = await demo.service.store.pbxUsers.list(demo.tenantId);
    const desk = pbxUsers.find((u) => u.extension === other.extension)!;
    demoOf(demo.service).pbx.setUsers([...pbxUsers, { ...desk, extension: '9999', displayName: 'Second desk' }]);
    await demo.service.directory.refreshNow(demo.tenantId);
    const conflicts = await demo.service.store.mappings.conflicts(demo.tenantId);
    await demo.stop({ keepData: true });

    const env = { PB_DATA_DIR: demo.dataDir };
    const users = await run(['users'], env);
    expect(users.code).toBe(0);
    expect(users.out).toMatch(/matched: +\d+ \(upn \d+/);
    expect(users.out).toMatch(/unmatched: +\d+ Teams users, \d+ extensions/);
    expect(conflicts.map((c) => c.extensions.includes('9999'))).toContain(true);
    expect(users.out).toContain(`conflicts:   ${conflicts.length}\n`);
    expect(users.out).toContain(`conflict ${conflicts[0].key}: ${conflicts[0].reason}`);

    const explain = await run(['explain', someone.userPrincipalName!], env);
    expect(explain.code).toBe(0);
    expect(explain.out).toContain(`extension ${someone.extension}`);
    expect(explain.out).toMatch(/Teams -> PBX .*DoNotDisturb\/Presenting/);
    expect(explain.out).toMatch(/applied: .*\[rule DoNotDisturb\/\* -> dnd/);

    const unknown = await run(['explain', 'nobody@contoso.com'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('No Teams user "nobody@contoso.com"');
  });
});

/** `presence-bridge check` against a Graph simulator tenant and a PBX simulator of its own. */
async function checkAgainst(spec: {
  opaqueAccessTokens?: boolean;
  entraUnreachable?: boolean;
  permissions?: string[];
  clientSecret?: string;
}) {
  const { startGraphSimulator, generatePeople } = await import('../src/sim/graph');
  const { startPbxSimulator } = await import('../src/sim/pbx');
  const graph = await startGraphSimulator();
  const people = generatePeople(5, 2);
  const creds = graph.addTenant({
    users: people.directoryUsers,
    opaqueAccessTokens: spec.opaqueAccessTokens,
    permissions: spec.permissions,
  });
  if (spec.entraUnreachable) graph.tenant(creds.tenantId).setFaults({ entraUnreachable: true });
  const pbx = await startPbxSimulator({ users: people.pbxUsers, secret: 'a-shared-secret-of-length' });
  try {
    return await run(['check'], {
      PB_TENANT_ID: creds.tenantId,
      PB_CLIENT_ID: creds.clientId,
      PB_CLIENT_SECRET: spec.clientSecret ?? creds.clientSecret,
      PB_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
      PB_AUTHORITY_HOST: graph.url,
      PB_GRAPH_BASE_URL: graph.url,
      PB_TLS_CA_FILE: 'src/sim/tls/localhost-cert.pem',
      PB_PBX_CONNECTOR: 'webhook',
      PB_PBX_URL: pbx.routingUrl,
      PB_PBX_SECRET: 'a-shared-secret-of-length',
    });
  } finally {
    await pbx.close();
    await graph.close();
  }
}

describe('presence-bridge check', () => {
  test('in demo mode every check passes against the built-in simulators', async () => {
    const r = await run(['check'], {});
    expect(r.out).toContain('token: ok');
    expect(r.out).toMatch(/permission Presence.Read.All: granted/);
    expect(r.out).toMatch(/PBX \(webhook\): reachable/);
    expect(r.code).toBe(0);
  });

  test('a wrong client secret is explained in plain language with its Entra code', async () => {
    const r = await checkAgainst({ clientSecret: 'not-the-right-secret' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/token: FAILED \(AADSTS7000215\)/);
    expect(r.out).toMatch(/fix: .*secret/i);
    expect(r.out).not.toContain('not-the-right-secret');
    expect(r.out).toMatch(/PBX \(webhook\): reachable/);
  });
});

describe('presence-bridge check never reads the access token', () => {
  test('an opaque (non-JWT) access token: every check runs and passes', async () => {
    const r = await checkAgainst({ opaqueAccessTokens: true });
    expect(r.out).toContain('token: ok');
    expect(r.out).toMatch(/permission Presence.ReadWrite.All: granted/);
    expect(r.out).toMatch(/permission Application.Read.All: granted/);
    expect(r.out).toMatch(/Graph probe: ok/);
    expect(r.code).toBe(0);
  });

  test('without the optional Application.Read.All: probes report each permission, a calm note, and the check passes', async () => {
    const r = await checkAgainst({
      opaqueAccessTokens: true,
      permissions: ['Presence.ReadWrite.All', 'User.Read.All', 'TeamsUserConfiguration.Read.All', 'RoleManagement.Read.Directory'],
    });
    expect(r.out).toMatch(/permissions: Checked with harmless test calls.*Granting it would give the exact list/);
    expect(r.out).toMatch(/permission Presence.Read.All: granted/);
    expect(r.out).toMatch(/permission User.Read.All: granted/);
    expect(r.out).toMatch(/permission Presence.ReadWrite.All: not verified \(.*first presence write/);
    expect(r.out).toMatch(/permission Application.Read.All: not granted \(optional: /);
    expect(r.out).not.toMatch(/MISSING|NOT LISTED/);
    expect(r.code).toBe(0);
  });

  test('without the optional Application.Read.All a refused probe still names the missing permission and fails the check', async () => {
    const r = await checkAgainst({ permissions: ['User.Read.All', 'TeamsUserConfiguration.Read.All'] });
    expect(r.out).toMatch(/permission Presence.Read.All: MISSING \(.*\n {2}fix: .*Presence\.Read\.All/);
    expect(r.out).toMatch(/permission User.Read.All: granted/);
    expect(r.code).toBe(1);
  });

  test('an unreachable sign-in server is a network problem naming PB_AUTHORITY_HOST, with no Entra code', async () => {
    const r = await checkAgainst({ entraUnreachable: true });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/token: FAILED: Cannot reach the sign-in server localhost:\d+/);
    expect(r.out).toMatch(/fix: .*PB_AUTHORITY_HOST/);
    expect(r.out).not.toMatch(/AADSTS|refused/);
  });
});

describe('mapping and PBX user files from the command line', () => {
  let demo: Awaited<ReturnType<typeof startDemoService>>;
  let env: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'pb-csv-'));
  const file = (name: string, text: string) => {
    const path = `${dir}/${name}`;
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    demo = await startDemoService();
    await demo.stop({ keepData: true });
    env = { PB_DATA_DIR: demo.dataDir };
  });

  test('a mapping import previews, refuses a bad row, and stores only with --apply', async () => {
    const { store } = await openStoreFor(env, undefined);
    const users = await store.directory.listUsers(demo.tenantId);
    const pbx = await store.pbxUsers.list(demo.tenantId);
    await store.close();
    const good = file(
      'good.csv',
      `userPrincipalName,extension\n${users[0].userPrincipalName},${pbx[5].extension}\n${users[1].userPrincipalName},\n`,
    );
    const bad = file('bad.csv', `userPrincipalName,extension\n${users[0].userPrincipalName},${pbx[5].extension}\nghost@contoso.com,1000\n`);

    const refused = await run(['mapping', 'import', bad, '--apply'], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/row 3.*ghost@contoso.com/);

    const preview = await run(['mapping', 'import', good], env);
    expect(preview.out).toMatch(/2 added.*1 links, 1 exclusions/);
    expect((await run(['mapping', 'export'], env)).out.trim().split('\n')).toHaveLength(1);

    expect((await run(['mapping', 'import', good, '--apply'], env)).code).toBe(0);
    const exported = (await run(['mapping', 'export'], env)).out;
    expect(exported).toContain(`${users[0].userPrincipalName},${users[0].id},${pbx[5].extension}`);
    expect(exported.trim().split('\n')).toHaveLength(3);
  });

  test('a PBX user list import names bad rows and changes nothing', async () => {
    const bad = file('pbx-bad.csv', 'extension,email\n2001,a@contoso.com\n2001,b@contoso.com\n');
    const r = await run(['pbx-users', 'import', bad, '--apply'], env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/row 3/);
    const good = file('pbx-good.csv', 'extension,email,displayName\n2001,a@contoso.com,A\n2002,b@contoso.com,B\n');
    const ok = await run(['pbx-users', 'import', good, '--apply'], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/2 in the file; 2 added/);
  });
});

describe('the presence-bridge command file', () => {
  const bin = join(__dirname, '..', 'bin', 'presence-bridge.cjs');
  const nodes = [process.execPath, ...(existsSync('/usr/bin/node') ? ['/usr/bin/node'] : [])];

  test.each(nodes)('runs a command when started by %s (an older Node hands over to the pinned one)', (node) => {
    const out = execFileSync(node, [bin, 'rules', 'map', '--preset', 'daktela', '--teams', 'Away/Away'], { encoding: 'utf8' });
    expect(out).toMatch(/^available\n {2}rule: Away\/\* -> available/);
  });
});
