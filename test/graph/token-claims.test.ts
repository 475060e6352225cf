import { readTokenClaims } from '../../src/graph/token-claims';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('readTokenClaims', () => {
  test('reads the claims of a JWT', () => {
    expect(readTokenClaims(`${encode({ alg: 'RS256' })}.${encode({ tid: 't1', roles: ['User.Read.All'], extra: 1 })}.sig`)).toEqual({ tid: 't1', roles: ['User.Read.All'], extra: 1 });
  });

  // Found by entra-error-catalogue.property.test.ts: a payload of the wrong shape threw zod's raw issue list as the message.
  test.each([
    ['a payload that is not an object', 'h.MA.s', /^The access token claims are not as Entra writes them \(the payload: /],
    ['roles that are not a list', `h.${encode({ roles: 'User.Read.All' })}.s`, /^The access token claims are not as Entra writes them \(roles: /],
    ['no payload', 'just-one-part', /^The access token is not a JWT/],
    ['a payload that is not JSON', 'h.!!!.s', /^The access token payload is not readable JSON/],
  ])('refuses %s with an Error that says so', (_name, token, message) => {
    expect(() => readTokenClaims(token)).toThrow(message);
  });
});
