import { authorizationValue, digestResponse, parseDigestChallenge } from '../../../src/pbx/sip/digest-auth';

describe('SIP digest authentication', () => {
  // RFC 2617 3.5: the one published MD5 qop=auth example (HTTP, but the computation is the same).
  test('computes the RFC 2617 example response', () => {
    const challenge = parseDigestChallenge(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    )!;
    expect(challenge).toEqual({
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
      algorithm: 'MD5',
      qop: 'auth',
    });
    expect(
      digestResponse(challenge, { username: 'Mufasa', password: 'Circle Of Life' }, 'GET', '/dir/index.html', '00000001', '0a4f113b'),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  // RFC 7616 3.9.1: the SHA-256 example.
  test('computes the RFC 7616 SHA-256 example response', () => {
    const challenge = parseDigestChallenge(
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    )!;
    const response = digestResponse(
      challenge,
      { username: 'Mufasa', password: 'Circle of Life' },
      'GET',
      '/dir/index.html',
      '00000001',
      'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    );
    expect(response).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });

  test.each([
    ['not digest', 'Basic realm="x"'],
    ['no nonce', 'Digest realm="pbx"'],
    ['an algorithm we do not speak', 'Digest realm="pbx", nonce="n", algorithm=SHA-512-256'],
    ['nothing', undefined],
  ])('%s: no challenge we can answer', (_name, header) => {
    expect(parseDigestChallenge(header)).toBeUndefined();
  });

  test('without qop the answer has no nc or cnonce; the SIP request URI and method are what is signed', () => {
    const c = parseDigestChallenge('Digest realm="127.0.0.1", nonce="abc", algorithm=MD5')!;
    const value = authorizationValue(c, { username: 'presence-bridge', password: 's3cret' }, 'SUBSCRIBE', 'sip:1002@127.0.0.1', 'cn');
    expect(value).toBe(
      `Digest username="presence-bridge", realm="127.0.0.1", nonce="abc", uri="sip:1002@127.0.0.1", response="${digestResponse(c, { username: 'presence-bridge', password: 's3cret' }, 'SUBSCRIBE', 'sip:1002@127.0.0.1', '00000001', 'cn')}", algorithm=MD5`,
    );
    expect(value).not.toMatch(/nc=|cnonce=/);
  });

  // Found by digest-auth.property.test.ts: a realm with a quote was written back unescaped, which ended the quoted value early.
  test('quotes and backslashes of the challenge go back escaped, as they came', () => {
    const c = parseDigestChallenge('Digest realm="the \\"main\\" pbx", nonce="a\\\\b"')!;
    expect(c).toMatchObject({ realm: 'the "main" pbx', nonce: 'a\\b' });
    expect(authorizationValue(c, { username: 'pb', password: 'x' }, 'REGISTER', 'sip:pbx', 'cn')).toContain(
      'realm="the \\"main\\" pbx", nonce="a\\\\b"',
    );
  });
});
