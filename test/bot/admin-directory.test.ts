import {
  AdminCheckError,
  createGraphAdminDirectory,
  GLOBAL_ADMINISTRATOR,
  TEAMS_ADMINISTRATOR,
  type GraphGetter,
} from '../../bot/admin-directory';
import { ADMIN_CASES } from './admin-cases';

const OTHER_ROLE = 'fe930be7-5e62-47db-91af-98c3a49a38b1'; // User Administrator: not enough

function graph(memberships: Record<string, { roles: string[]; groups: string[] }>, asked: string[] = []): GraphGetter {
  return {
    async get<T>(path: string): Promise<T> {
      asked.push(path);
      const user = decodeURIComponent(/\/users\/([^/]+)\//.exec(path)![1]);
      const m = memberships[user] ?? { roles: [], groups: [] };
      if (path.includes('microsoft.graph.directoryRole')) {
        // Two pages, as Graph may send them.
        if (!path.includes('page=2'))
          return {
            value: m.roles.slice(0, 1).map((r) => ({ id: `obj-${r}`, roleTemplateId: r })),
            '@odata.nextLink': `${path}&page=2`,
          } as T;
        return { value: m.roles.slice(1).map((r) => ({ id: `obj-${r}`, roleTemplateId: r })) } as T;
      }
      return { value: m.groups.map((id) => ({ id })) } as T;
    },
  };
}

describe('Graph admin directory', () => {
  const people = {
    global: { roles: [GLOBAL_ADMINISTRATOR], groups: [] },
    teams: { roles: [OTHER_ROLE, TEAMS_ADMINISTRATOR], groups: [] },
    helpdesk: { roles: [OTHER_ROLE], groups: [] },
    grouped: { roles: [], groups: ['g-other', 'g-admins'] },
    nobody: { roles: [], groups: ['g-other'] },
  };

  test.each(ADMIN_CASES)('%s is an admin: %s', async (who, expected) => {
    const directory = createGraphAdminDirectory({ graphFor: () => graph(people), adminGroupId: () => 'g-admins' });
    await expect(directory.isTenantAdmin('t', who)).resolves.toBe(expected);
  });

  test('asks for the directory roles through transitiveMemberOf', async () => {
    const asked: string[] = [];
    await createGraphAdminDirectory({ graphFor: () => graph(people, asked) }).isTenantAdmin('t', 'global');
    expect(asked[0]).toBe('/users/global/transitiveMemberOf/microsoft.graph.directoryRole?$select=id,roleTemplateId');
  });

  test('without an admin group, group membership does not count', async () => {
    await expect(createGraphAdminDirectory({ graphFor: () => graph(people) }).isTenantAdmin('t', 'grouped')).resolves.toBe(false);
  });

  test('a tenant without a Graph connection has no admins', async () => {
    await expect(createGraphAdminDirectory({ graphFor: () => undefined }).isTenantAdmin('t', 'global')).resolves.toBe(false);
  });

  test('a Graph failure is an AdminCheckError that says what to check', async () => {
    const failing: GraphGetter = { get: async () => Promise.reject(new Error('Graph 403 Authorization_RequestDenied')) };
    const check = createGraphAdminDirectory({ graphFor: () => failing }).isTenantAdmin('t', 'global');
    await expect(check).rejects.toBeInstanceOf(AdminCheckError);
    await expect(check).rejects.toThrow(/User\.Read\.All/);
  });
});
