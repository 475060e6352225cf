import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificateProblem } from '../../src/pbx/tls-trust';
import { SIMULATOR_CERT_FILE } from '../../src/sim/graph';

/** fetch's shape: TypeError "fetch failed" whose cause carries the OpenSSL code. */
const fetchFailure = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(code.toLowerCase()), { code }) });

describe('certificateProblem', () => {
  test.each([
    ['SELF_SIGNED_CERT_IN_CHAIN', /not trusted \(SELF_SIGNED_CERT_IN_CHAIN\).*NODE_EXTRA_CA_CERTS/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', /not trusted .*NODE_EXTRA_CA_CERTS/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /not trusted .*NODE_EXTRA_CA_CERTS/],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', /not trusted .*NODE_EXTRA_CA_CERTS/],
    ['CERT_HAS_EXPIRED', /has expired .*renew it on the PBX/],
    ['CERT_NOT_YET_VALID', /not valid yet .*clocks/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /does not name the host in the URL/],
  ])('%s', (code, expected) => {
    expect(certificateProblem(fetchFailure(code))).toMatch(expected);
  });

  test.each([
    ['a refused connection', fetchFailure('ECONNREFUSED')],
    ['a timeout', new DOMException('The operation was aborted due to timeout', 'TimeoutError')],
    ['no error object', 'nope'],
    ['null', null],
  ])('%s is not a certificate problem', (_name, error) => {
    expect(certificateProblem(error)).toBeUndefined();
  });

  test('a real fetch to a server whose CA Node does not know', async () => {
    const dir = join(SIMULATOR_CERT_FILE, '..');
    const server = createServer(
      { cert: readFileSync(SIMULATOR_CERT_FILE), key: readFileSync(join(dir, 'localhost-key.pem')) },
      (_req, res) => res.end('ok'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const error = await fetch(`https://127.0.0.1:${port}/`).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(certificateProblem(error)).toMatch(/not trusted .*NODE_EXTRA_CA_CERTS/);
    } finally {
      server.close();
    }
  });
});
