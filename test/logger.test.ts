/**
 * No secret is ever logged: the logger's redaction by key, and a whole service run at trace level (start-up,
 * directory refresh, polling, a PBX write, a Teams write) whose every log line is searched for the secrets it
 * was given. (The settings line `npm start` logs is redactedSettings, tested in config.test.ts.)
 */
import { Writable } from 'node:stream';
import { loadSettings } from '../src/config';
import { createLogger } from '../src/logger';
import { startService } from '../src/main';
import { eventually } from './scenarios/harness/eventually';
import { startWorld, type World } from './scenarios/harness/world';

jest.setTimeout(60_000);

function capture(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('the logger', () => {
  const SECRET = 'do-not-log-me-0123456789';
  test.each([
    ['secret', { secret: SECRET }],
    ['clientSecret', { clientSecret: SECRET }],
    ['password one level down', { connector: { password: SECRET } }],
    ['token two levels down', { a: { b: { token: SECRET } } }],
    ['authorization header', { headers: { authorization: `Bearer ${SECRET}` } }],
    ['previous webhook secret', { pbx: { previousSecret: SECRET } }],
    ['bot app password', { bot: { appPassword: SECRET } }],
    ['private key PEM', { privateKeyPem: SECRET }],
  ])('redacts %s', (_name, fields) => {
    const out = capture();
    createLogger('info', out.stream).info(fields, 'logged');
    expect(out.text()).toContain('logged');
    expect(out.text()).not.toContain(SECRET);
    expect(out.text()).toContain('[redacted]');
  });
});

describe('a whole service run at trace level', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ users: 12, seed: 5 });
    await world.stopService();
  });
  afterAll(() => world?.close());

  test('writes none of the secrets it was given into its logs', async () => {
    const out = capture();
    const settings = loadSettings({ ...world.env, LOG_LEVEL: 'trace' });
    const service = await startService(settings, { logger: createLogger('trace', out.stream) });
    try {
      await service.directory.refreshNow(world.tenantId);
      const [user, caller] = await service.store.mappings.list(world.tenantId);
      world.showInTeams(user.userId, 'DoNotDisturb', 'DoNotDisturb');
      await eventually('the routing write', () => world.routingOf(user.extension) === 'dnd');
      await world.pbx.placeCall(caller.extension);
      await world.pbx.answer(caller.extension);
      await eventually('a Teams write', () => (world.teams.stats().byEndpoint.setPresence ?? 0) > 0);
      await world.pbx.hangUp(caller.extension);
      await service.engine.idle();
    } finally {
      await service.stop();
    }
    const text = out.text();
    expect(text).toContain(`"tenantId":"${world.tenantId}"`); // the capture works: the refresh summary is there
    for (const name of ['PB_CLIENT_SECRET', 'PB_PBX_SECRET', 'PB_SECRET_KEY'] as const) {
      expect({ name, logged: text.includes(world.env[name]) }).toEqual({ name, logged: false });
    }
  });
});
