/** The simulator's own token signing key and its JWKS (what `jwks_uri` serves). */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwks: { keys: object[] };
}

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const kid = createHash('sha256').update(String(jwk.n)).digest('base64url').slice(0, 27);
  return { kid, privateKey, publicKey, jwks: { keys: [{ ...jwk, kid, kty: 'RSA', use: 'sig', alg: 'RS256' }] } };
}
