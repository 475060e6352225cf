import { NotAdminError, NotYourDataError } from '../../src/admin/auth-errors';
import { checkAccess, type Access } from '../../src/admin/route-kit';
import type { Caller } from '../../src/admin/sso-validator';

const admin: Caller = { tenantId: 't', userId: 'oid-admin', name: 'A', upn: 'a@x', isAdmin: true };
const user: Caller = { tenantId: 't', userId: 'oid-user', name: 'U', upn: 'u@x', isAdmin: false };

describe('checkAccess: every rule, deny by default', () => {
  test.each<[string, Access, Caller, Record<string, string> | undefined, (new () => Error) | null]>([
    ['admin rule, admin', 'admin', admin, undefined, null],
    ['admin rule, plain user', 'admin', user, undefined, NotAdminError],
    ['self rule, admin on anyone', 'self', admin, { userId: 'someone' }, null],
    ['self rule, plain user on themselves', 'self', user, { userId: 'oid-user' }, null],
    ['self rule, plain user on a colleague', 'self', user, { userId: 'oid-colleague' }, NotYourDataError],
    ['self rule, plain user on a route without a user', 'self', user, undefined, NotYourDataError],
    ['self rule, plain user, id differing in case only', 'self', user, { userId: 'OID-USER' }, NotYourDataError],
    ['signedIn rule, plain user', 'signedIn', user, undefined, null],
    ['a rule the kit does not know, admin', 'read' as Access, admin, undefined, NotAdminError],
    ['no rule at all, admin', undefined as unknown as Access, admin, undefined, NotAdminError],
  ])('%s', (_what, access, caller, params, error) => {
    if (error) expect(() => checkAccess(access, caller, params)).toThrow(error);
    else expect(() => checkAccess(access, caller, params)).not.toThrow();
  });
});
