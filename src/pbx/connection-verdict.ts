/**
 * What a connection test found, as a verdict and a status code: what the tab shows a tenant admin. Never the
 * text of the far side's answer (the URL may point at anything, and its body is not ours to show), only our
 * own words: the address policy's refusal and a certificate problem come with their fix.
 */

export const CONNECTION_VERDICTS = [
  'reachable',
  'status',
  'badAnswer',
  'notAllowed',
  'refused',
  'timedOut',
  'tlsProblem',
  'unreachable',
] as const;
/**
 * reachable: it answered with success; status: it answered with status `status` (HTTP or SIP); badAnswer: it
 * answered with success, but not in the form expected (e.g. a users list that is not one); notAllowed: the
 * outbound address policy refused the address, nothing was sent; refused: the connection or the login was refused;
 * timedOut: no answer in time; tlsProblem: its certificate is not usable; unreachable: anything else on the way.
 */
export type ConnectionVerdict = (typeof CONNECTION_VERDICTS)[number];

export interface ConnectionFinding {
  verdict: ConnectionVerdict;
  status?: number;
  /** Our own words only (the address policy's refusal, a certificate problem): never the far side's text. */
  detail?: string;
}
