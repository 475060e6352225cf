/** Which tenant a request is for, to relay it to the replica running that tenant (src/http/replica-forwarding.ts). */
import { tenantOfRequest } from '../../src/http/replica-forwarding';

const jwt = (claims: object) => `Bearer x.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

test.each<[string, string, Record<string, string>, string | undefined]>([
  ['a PBX line-state webhook: from its path', '/api/pbx/t-1/line-state', {}, 't-1'],
  ['the webhook with a query', '/api/pbx/t-1/line-state?x=1', {}, 't-1'],
  ['an admin API call: the tid of its bearer token', '/api/admin/status', { authorization: jwt({ tid: 't-2', oid: 'o' }) }, 't-2'],
  ['an admin API call without a token: served here (it gets its 401 here)', '/api/admin/status', {}, undefined],
  ['a token that is not a JWT', '/api/admin/status', { authorization: 'Bearer opaque' }, undefined],
  ['a token whose payload is not JSON', '/api/admin/status', { authorization: 'Bearer a.bm90IGpzb24.c' }, undefined],
  ['a token without tid', '/api/admin/status', { authorization: jwt({ oid: 'o' }) }, undefined],
  ['the probes: served here', '/readyz', {}, undefined],
  [
    'the bot: not by the pre-handler (its tenant is in the body: relayed once it is read)',
    '/api/messages',
    { authorization: jwt({ tid: 't-3' }) },
    undefined,
  ],
])('%s', (_name, url, headers, tenantId) => {
  expect(tenantOfRequest(url, headers)).toBe(tenantId);
});
