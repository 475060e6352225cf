import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REQUIRED_PERMISSIONS } from '../../src/graph/required-permissions';
import { parseEnvFile } from '../../scripts/app-package/env-file';
import { placeholdersIn } from '../../scripts/app-package/placeholders';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Step {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}

/** The toolkit's documented actions and the `with` fields each one requires. */
const ACTIONS: Record<string, string[]> = {
  'teamsApp/create': ['name'],
  'aadApp/create': ['name', 'generateClientSecret', 'signInAudience'],
  'aadApp/update': ['manifestPath', 'outputFilePath'],
  'botAadApp/create': ['name'],
  'arm/deploy': ['subscriptionId', 'resourceGroupName', 'templates'],
  'botFramework/create': ['botId', 'name', 'messagingEndpoint', 'channels'],
  'teamsApp/validateManifest': ['manifestPath'],
  'teamsApp/zipAppPackage': ['manifestPath', 'outputZipPath', 'outputFolder'],
  'teamsApp/validateAppPackage': ['appPackagePath'],
  'teamsApp/update': ['appPackagePath'],
  'teamsApp/publishAppPackage': ['appPackagePath'],
  'cli/runNpmCommand': ['args'],
  'azureAppService/zipDeploy': ['artifactFolder', 'resourceId'],
};

const yml = parse(read('teamsapp.yml')) as {
  version: string;
  environmentFolderPath: string;
  provision: Step[];
  deploy: Step[];
  publish: Step[];
};
const allSteps = [...yml.provision, ...yml.deploy, ...yml.publish];

test('the file is a toolkit project of version v1.11 or newer with the three lifecycles', () => {
  const [, major, minor] = /^v?(\d+)\.(\d+)/.exec(yml.version) ?? [];
  expect(Number(major) * 100 + Number(minor)).toBeGreaterThanOrEqual(111);
  expect(Object.keys(yml)).toEqual(expect.arrayContaining(['version', 'environmentFolderPath', 'provision', 'deploy', 'publish']));
  expect(existsSync(join(ROOT, yml.environmentFolderPath, '.env.dev'))).toBe(true);
});

test.each(allSteps.map((step, i) => [`${i}: ${step.uses}`, step] as const))(
  'step %s is a documented action with its required fields',
  (_name, step) => {
    expect(Object.keys(ACTIONS)).toContain(step.uses);
    for (const field of ACTIONS[step.uses])
      expect({ action: step.uses, field, present: step.with?.[field] !== undefined }).toEqual({ action: step.uses, field, present: true });
  },
);

test('provision runs the whole chain in an order where every value exists before it is used', () => {
  expect(yml.provision.map((s) => s.uses)).toEqual([
    'teamsApp/create',
    'aadApp/create',
    'botAadApp/create',
    'arm/deploy',
    'aadApp/update',
    'botFramework/create',
    'teamsApp/validateManifest',
    'teamsApp/zipAppPackage',
    'teamsApp/validateAppPackage',
    'teamsApp/update',
  ]);
  // What each step may use: the committed env file, what earlier steps wrote, and the ARM outputs.
  const known = new Set(Object.keys(parseEnvFile(read('env/.env.dev'))));
  ['SECRET_PB_SECRET_KEY', 'SECRET_PG_ADMIN_PASSWORD'].forEach((v) => known.add(v)); // set by the operator in env/.env.dev.user
  const armOutputs = [...read('infra/azure.bicep').matchAll(/^output (\w+) /gm)].map((m) => m[1]);
  for (const step of yml.provision) {
    const used = placeholdersIn(JSON.stringify(step.with ?? {}));
    const files =
      step.uses === 'arm/deploy'
        ? (step.with!.templates as Array<{ parameters: string }>).map((t) => read(t.parameters))
        : step.uses === 'aadApp/update'
          ? [read(step.with!.manifestPath as string)]
          : [];
    for (const name of [...used, ...files.flatMap(placeholdersIn)]) {
      if (['AAD_APP_ACCESS_AS_USER_PERMISSION_ID', 'AAD_APP_OBJECT_ID'].includes(name) && step.uses === 'aadApp/update') continue; // aadApp/update fills these itself
      expect({ step: step.uses, variable: name, known: known.has(name) }).toEqual({ step: step.uses, variable: name, known: true });
    }
    Object.values(step.writeToEnvironmentFile ?? {}).forEach((v) => known.add(v));
    if (step.uses === 'arm/deploy') armOutputs.forEach((o) => known.add(o));
  }
});

test('the app registration is multi-tenant with a service principal; the bot talks to Teams at /api/messages', () => {
  const step = (uses: string) => yml.provision.find((s) => s.uses === uses)!;
  expect(step('aadApp/create').with).toMatchObject({
    signInAudience: 'AzureADMultipleOrgs',
    generateServicePrincipal: true,
    generateClientSecret: true,
  });
  expect(step('botFramework/create').with).toMatchObject({
    messagingEndpoint: '${{BOT_ENDPOINT}}/api/messages',
    channels: [{ name: 'msteams' }],
  });
});

test('every file the steps name exists', () => {
  const paths = allSteps.flatMap((s) => [
    s.with?.manifestPath,
    s.with?.ignoreFile,
    ...((s.with?.templates as Array<{ path: string; parameters: string }> | undefined) ?? []).flatMap((t) => [t.path, t.parameters]),
  ]);
  for (const path of paths.filter((p): p is string => typeof p === 'string'))
    expect({ path, exists: existsSync(join(ROOT, path)) }).toEqual({ path, exists: true });
});

test('the app registration asks for exactly the Graph application permissions the service needs, by id', () => {
  const ids: Record<string, string> = {
    'Presence.Read.All': 'a70e0c2d-e793-494c-94c4-118fa0a67f42',
    'Presence.ReadWrite.All': '83cded22-8297-4ff6-a7fa-e97e9545a259',
    'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
    'TeamsUserConfiguration.Read.All': 'a91eadaf-2c3c-4362-908b-fb172d208fc6',
    'RoleManagement.Read.Directory': '483bed4a-2ad3-4361-a73b-c83ccdbdc53c',
    'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  };
  const aad = JSON.parse(read('infra/aad.manifest.json'));
  const graph = aad.requiredResourceAccess.find(
    (r: { resourceAppId: string }) => r.resourceAppId === '00000003-0000-0000-c000-000000000000',
  );
  const roles = graph.resourceAccess.filter((a: { type: string }) => a.type === 'Role').map((a: { id: string }) => a.id);
  expect(roles.sort()).toEqual(REQUIRED_PERMISSIONS.map((p) => ids[p.name]).sort());
  expect(aad).toMatchObject({ signInAudience: 'AzureADMultipleOrgs', identifierUris: ['api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}'] });
  expect(aad.oauth2Permissions.map((p: { value: string }) => p.value)).toEqual(['access_as_user']);
});

test('the App Service runs Node 24', () => {
  expect(read('infra/azure.bicep')).toMatch(/linuxFxVersion: 'NODE\|24-lts'/);
  expect(Object.keys(JSON.parse(read('infra/azure.parameters.json')).parameters).sort()).toEqual(
    [...read('infra/azure.bicep').matchAll(/^param (\w+) /gm)]
      .map((m) => m[1])
      .filter((p) => p !== 'location')
      .sort(),
  );
});
