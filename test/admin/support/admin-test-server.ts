/** A real restify server on loopback with the admin routes, a fake AdminService and locally signed tokens. */
import restify from 'restify';
import { TEAMS_ADMINISTRATOR_ROLE } from '../../../src/admin/admin-roles';
import { registerAdminRoutes } from '../../../src/admin/admin-routes';
import type { JobRegistry } from '../../../src/admin/job-registry';
import { createLocalTokenIssuer, type ClaimsToSign, type LocalTokenIssuer } from '../../../src/admin/local-token-issuer';
import { createSsoValidator } from '../../../src/admin/sso-validator';
import { createLogger } from '../../../src/logger';
import { createFakeAdminService, type FakeAdminService } from './fake-admin-service';

export const CLIENT_ID = '11111111-2222-3333-4444-555555555555';
export const TENANT_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
export const TENANT_B = 'bbbbbbbb-0000-4000-8000-00000000000b';
export const NOT_SERVED = 'cccccccc-0000-4000-8000-00000000000c';
/** The deployment's admin group (PB_ADMIN_GROUP_ID): its members are admins besides the Entra roles. */
export const ADMIN_GROUP = 'dddddddd-0000-4000-8000-00000000000d';

export interface AdminTestServer {
  url: string;
  admin: FakeAdminService;
  issuer: LocalTokenIssuer;
  jobs: JobRegistry;
  /** Every route the live server has registered, as "METHOD /path/:param". */
  routes(): string[];
  token(role: 'admin' | 'user', claims?: Partial<ClaimsToSign>): Promise<string>;
  request(
    method: string,
    path: string,
    options?: { token?: string; json?: unknown; body?: string; contentType?: string },
  ): Promise<{ status: number; headers: Headers; json: any; text: string }>;
  close(): Promise<void>;
}

export async function startAdminTestServer(): Promise<AdminTestServer> {
  const admin = createFakeAdminService([TENANT_A, TENANT_B]);
  const issuer = await createLocalTokenIssuer({ clientId: CLIENT_ID });
  const auth = createSsoValidator({
    clientId: CLIENT_ID,
    keys: issuer.keys,
    adminGroupId: ADMIN_GROUP,
    tenantServed: (t) => admin.tenantIds().includes(t),
  });
  const server = restify.createServer({ handleUncaughtExceptions: false });
  const { jobs } = registerAdminRoutes(server, { admin, auth, logger: createLogger('silent') });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;

  const token = (role: 'admin' | 'user', claims: Partial<ClaimsToSign> = {}) => {
    const tid = claims.tid ?? TENANT_A;
    return issuer.sign({
      tid,
      oid: role === 'admin' ? 'oid-admin' : 'oid-user',
      upn: `${role}@contoso.example`,
      name: role,
      wids: role === 'admin' ? [TEAMS_ADMINISTRATOR_ROLE] : [],
      iss: `https://login.microsoftonline.com/${tid}/v2.0`,
      ...claims,
    });
  };

  return {
    url,
    admin,
    issuer,
    jobs,
    routes: () => Object.values(server.router.getRoutes()).map((r) => `${r.method} ${r.path}`),
    token,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.body;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers['content-type'] = 'application/json';
      }
      if (options.contentType) headers['content-type'] = options.contentType;
      const res = await fetch(`${url}${path}`, { method, headers, body });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, json, text };
    },
    async close() {
      await jobs.idle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
