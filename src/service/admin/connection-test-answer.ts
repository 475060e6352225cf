/**
 * "Test connector" as a tenant admin sees it: a verdict, the status code, and our own words. The connector's
 * message is left out on purpose: it may quote what the far side answered, and a URL entered in Setup may point
 * at anything.
 */
import type { ConnectionTest } from './admin-service';
import type { ConnectionTestResult } from '../../pbx/connector';

const STATUS_HINTS: Record<number, string> = {
  401: 'check the shared secret, or the user and password, on both sides',
  403: 'check the shared secret, or the user and password, on both sides',
  404: 'check the URL (its path, and that the extension exists on the PBX)',
};

export function connectionTestAnswer(result: ConnectionTestResult): ConnectionTest {
  const finding = result.finding ?? { verdict: result.ok ? 'reachable' : 'unreachable' };
  const { verdict, status, detail } = finding;
  const message = (() => {
    switch (verdict) {
      case 'reachable':
        return 'The PBX answered.';
      case 'status':
        return `The PBX answered with status ${status}${STATUS_HINTS[status ?? 0] ? `: ${STATUS_HINTS[status!]}` : ''}.`;
      case 'badAnswer':
        return 'The PBX answered, but not in the form expected: check the URL and what the PBX returns there.';
      case 'notAllowed':
        return `Not called: ${detail ?? 'the address is not allowed for addresses entered in Setup.'}`;
      case 'refused':
        return 'The PBX refused the connection or the login: check the port, and the user and password.';
      case 'timedOut':
        return 'No answer in time: check the address and port, and that nothing blocks the way.';
      case 'tlsProblem':
        return `The TLS connection failed: ${detail ?? "the PBX's certificate is not usable"}.`;
      case 'unreachable':
        return 'The PBX could not be reached: check the address, and that the PBX runs.';
    }
  })();
  return { ok: result.ok, verdict, ...(status !== undefined && { status }), message };
}
