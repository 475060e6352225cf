import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { COMMANDS } from '../../bot/command-table';
import { AppPackageError, buildAppPackage, iconProblems } from '../../scripts/app-package/build-app-package';
import { loadEnvironment } from '../../scripts/app-package/env-file';
import { MissingVariablesError } from '../../scripts/app-package/placeholders';
import { decodePng, encodePng } from '../../scripts/app-package/png';

// @microsoft/app-manifest requires strip-bom 5, which is ES modules only; jest runs CommonJS. tsx and npm
// scripts load it natively (Node 24 require(esm)); under jest a three-line stand-in does the same job.
jest.mock('../../node_modules/@microsoft/app-manifest/node_modules/strip-bom/index.js', () => ({
  __esModule: true,
  default: (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text),
}));

const ROOT = join(__dirname, '..', '..');
let out: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'app-package-'));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

const devVariables = () => loadEnvironment(join(ROOT, 'env'), 'dev');

describe('the dev app package', () => {
  test('fills every placeholder, passes the schema, and zips the manifest with both icons', async () => {
    const built = await buildAppPackage({ root: ROOT, env: 'dev', outDir: out });
    expect(built.zipPath).toBe(join(out, 'appPackage.dev.zip'));
    const files = unzipSync(readFileSync(built.zipPath));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString('utf8'));
    expect(JSON.stringify(manifest)).not.toContain('${{');
    const env = devVariables();
    expect(manifest).toMatchObject({
      manifestVersion: '1.29',
      id: env.TEAMS_APP_ID,
      name: { short: `PresenceBridge${env.APP_NAME_SUFFIX}` },
      webApplicationInfo: { id: env.AAD_APP_CLIENT_ID, resource: `api://${env.TAB_DOMAIN}/${env.AAD_APP_CLIENT_ID}` },
      configurableTabs: [{ configurationUrl: `${env.TAB_ENDPOINT}/tab/config.html`, scopes: ['team'] }],
    });
    expect(manifest.staticTabs[0]).toMatchObject({ contentUrl: `${env.TAB_ENDPOINT}/tab/index.html`, scopes: ['personal'] });
    expect(manifest.bots[0]).toMatchObject({ botId: env.BOT_ID, scopes: ['team', 'personal'] });

    const color = decodePng(files['color.png']);
    const outline = decodePng(files['outline.png']);
    expect([color.width, color.height, outline.width, outline.height]).toEqual([192, 192, 32, 32]);
    expect(outline.pixels[3]).toBe(0); // transparent corner
  });

  test("the bot's command menu lists exactly the bot's commands (channel-only ones only in team scope)", async () => {
    const { manifest } = await buildAppPackage({ root: ROOT, env: 'dev', outDir: out });
    const lists = (manifest.bots as Array<{ commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }> }>)[0]
      .commandLists;
    const titles = (scope: string) => lists.find((l) => l.scopes.includes(scope))!.commands.map((c) => c.title);
    expect(titles('team')).toEqual(COMMANDS.map((c) => c.name));
    expect(titles('personal')).toEqual(COMMANDS.map((c) => c.name).filter((n) => !n.startsWith('alerts')));
  });

  test('an id that is not a GUID fails the schema and no package is written', async () => {
    const build = buildAppPackage({
      root: ROOT,
      env: 'dev',
      outDir: out,
      variables: { ...devVariables(), TEAMS_APP_ID: 'presence-bridge' },
    });
    await expect(build).rejects.toBeInstanceOf(AppPackageError);
    await expect(build).rejects.toThrow(/\/id/);
    expect(() => readFileSync(join(out, 'appPackage.dev.zip'))).toThrow();
  });

  test('an SSO resource on a domain the app does not declare is refused', async () => {
    const variables = {
      ...devVariables(),
      BOT_DOMAIN: 'bot.example.com',
      TAB_DOMAIN: 'tab.example.com',
      TAB_ENDPOINT: 'https://other.example.com',
    };
    await expect(buildAppPackage({ root: ROOT, env: 'dev', outDir: out, variables })).rejects.toThrow(
      /contentUrl https:\/\/other\.example\.com/,
    );
  });

  test('a variable without a value is named, with where to set it', async () => {
    const { BOT_ID: _drop, ...variables } = devVariables();
    await expect(buildAppPackage({ root: ROOT, env: 'dev', outDir: out, variables })).rejects.toThrow(MissingVariablesError);
    await expect(buildAppPackage({ root: ROOT, env: 'dev', outDir: out, variables })).rejects.toThrow(/needs BOT_ID.*env\/\.env/);
  });

  test('an environment without an env file says which file is missing', () => {
    expect(() => loadEnvironment(join(ROOT, 'env'), 'nowhere')).toThrow(/\.env\.nowhere/);
  });
});

describe('icon checks', () => {
  const solid = (size: number, rgba: [number, number, number, number]) => {
    const pixels = new Uint8Array(size * size * 4);
    for (let i = 0; i < pixels.length; i += 4) pixels.set(rgba, i);
    return encodePng({ width: size, height: size, pixels });
  };

  test.each<[string, Uint8Array, Uint8Array, RegExp | null]>([
    ['good icons', solid(192, [15, 108, 189, 255]), solid(32, [255, 255, 255, 128]), null],
    ['a colour icon of the wrong size', solid(96, [15, 108, 189, 255]), solid(32, [255, 255, 255, 255]), /color\.png must be 192x192/],
    ['an outline icon of the wrong size', solid(192, [0, 0, 0, 255]), solid(48, [255, 255, 255, 255]), /outline\.png must be 32x32/],
    ['a coloured outline icon', solid(192, [0, 0, 0, 255]), solid(32, [15, 108, 189, 255]), /only contain white pixels/],
  ])('%s', (_what, color, outline, problem) => {
    const problems = iconProblems({ 'color.png': color, 'outline.png': outline });
    if (problem) expect(problems.join('\n')).toMatch(problem);
    else expect(problems).toEqual([]);
  });
});
