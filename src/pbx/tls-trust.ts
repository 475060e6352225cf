/**
 * Says in plain words why a TLS connection to the PBX failed on its certificate, with the fix. Node reports
 * these as OpenSSL codes deep in an error's cause chain (fetch: TypeError "fetch failed" -> cause).
 */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** The certificate problem behind `error` as a sentence with its fix, or undefined when it is not one. */
export function certificateProblem(error: unknown): string | undefined {
  const code = tlsCode(error);
  if (code === undefined) return undefined;
  if (UNTRUSTED.has(code)) {
    return (
      `the PBX's TLS certificate is not trusted (${code}). If your own CA signed it, start the service with ` +
      'NODE_EXTRA_CA_CERTS=/path/to/that-ca.pem (Node reads it once, at start)'
    );
  }
  if (code === 'CERT_HAS_EXPIRED') return `the PBX's TLS certificate has expired (${code}): renew it on the PBX`;
  if (code === 'CERT_NOT_YET_VALID') return `the PBX's TLS certificate is not valid yet (${code}): check the clocks of both machines`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the PBX's TLS certificate does not name the host in the URL (${code}): use the host name the certificate was issued for`;
  }
  return undefined;
}

function tlsCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNTRUSTED.has(code) || code.startsWith('CERT_') || code === 'ERR_TLS_CERT_ALTNAME_INVALID'))
      return code;
  }
  return undefined;
}
