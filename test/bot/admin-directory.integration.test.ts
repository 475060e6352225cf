/**
 * The bot's admin check against the Graph simulator, through the real Graph client: directory roles and the
 * admin group come from transitiveMemberOf, and Graph's "limited information" rule (a role without its
 * template when the app lacks RoleManagement.Read.Directory) gives a refusal that names the fix.
 */
import { randomUUID } from 'node:crypto';
import { createGraphAdminDirectory, GLOBAL_ADMINISTRATOR, RoleDetailsHiddenError, TEAMS_ADMINISTRATOR } from '../../bot/admin-directory';
import type { TenantCredentials } from '../../src/sim/graph';
import { startHarness, type Harness } from '../graph/sim-harness';
import { ADMIN_CASES } from './admin-cases';

const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1'; // a role, but not one that may run the bot's changes
const ADMIN_GROUP = randomUUID();
const person = (name: string) => ({ id: randomUUID(), displayName: name, userPrincipalName: `${name}@contoso.com`, accountEnabled: true });
const PEOPLE = {
  global: person('global'),
  teams: person('teams'),
  helpdesk: person('helpdesk'),
  grouped: person('grouped'),
  nobody: person('nobody'),
};

describe('the bot admin check against the Graph simulator', () => {
  let h: Harness;
  let creds: TenantCredentials;
  const directory = () => {
    const client = h.client(creds);
    return createGraphAdminDirectory({ graphFor: () => client, adminGroupId: () => ADMIN_GROUP });
  };

  beforeAll(async () => {
    h = await startHarness();
    creds = h.addTenant({ users: Object.values(PEOPLE) });
    const tenant = h.sim.tenant(creds.tenantId);
    tenant.assignRole(PEOPLE.global.id, GLOBAL_ADMINISTRATOR);
    tenant.assignRole(PEOPLE.teams.id, USER_ADMINISTRATOR);
    tenant.assignRole(PEOPLE.teams.id, TEAMS_ADMINISTRATOR);
    tenant.assignRole(PEOPLE.helpdesk.id, USER_ADMINISTRATOR);
    tenant.addToGroup(PEOPLE.grouped.id, randomUUID());
    tenant.addToGroup(PEOPLE.grouped.id, ADMIN_GROUP);
  });
  afterAll(() => h.close());

  test.each(ADMIN_CASES)('%s is an admin: %s', async (who, expected) => {
    await expect(directory().isTenantAdmin(creds.tenantId, PEOPLE[who].id)).resolves.toBe(expected);
  });

  test('without RoleManagement.Read.Directory a role holder is told what to grant, and the group still counts', async () => {
    const tenant = h.sim.tenant(creds.tenantId);
    tenant.setPermissions(['Presence.Read.All', 'Presence.ReadWrite.All', 'User.Read.All', 'TeamsUserConfiguration.Read.All']);
    tenant.revokeTokens();
    try {
      const check = directory().isTenantAdmin(creds.tenantId, PEOPLE.global.id);
      await expect(check).rejects.toThrow(RoleDetailsHiddenError);
      await expect(directory().isTenantAdmin(creds.tenantId, PEOPLE.global.id)).rejects.toThrow(
        /add Microsoft Graph application permission RoleManagement\.Read\.Directory/,
      );
      await expect(directory().isTenantAdmin(creds.tenantId, PEOPLE.grouped.id)).resolves.toBe(true);
      await expect(directory().isTenantAdmin(creds.tenantId, PEOPLE.nobody.id)).resolves.toBe(false);
    } finally {
      tenant.grantPermission('RoleManagement.Read.Directory');
      tenant.revokeTokens();
    }
    await expect(directory().isTenantAdmin(creds.tenantId, PEOPLE.global.id)).resolves.toBe(true);
  });
});
