/**
 * Entra ID's token errors (AADSTS numbers) translated into a cause and a fix an admin can act on.
 * Only the numbers an admin of this product meets in practice are spelled out; any other keeps Entra's
 * own description (which never contains the secret).
 */
import { z } from 'zod';

export const entraErrorBodySchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  error_codes: z.array(z.number()).optional(),
  trace_id: z.string().optional(),
  correlation_id: z.string().optional(),
});
export type EntraErrorBody = z.infer<typeof entraErrorBodySchema>;

export interface EntraErrorContext {
  tenantId: string;
  clientId: string;
  /** Where an admin grants consent, e.g. https://login.microsoftonline.com. */
  authorityHost: string;
}

export interface EntraErrorExplanation {
  aadsts: number | undefined;
  reason: string;
  fix: string;
}

type Explainer = (ctx: EntraErrorContext) => Omit<EntraErrorExplanation, 'aadsts'>;

export function adminConsentUrl(ctx: EntraErrorContext): string {
  const host = ctx.authorityHost.replace(/\/+$/, '');
  return `${host}/${ctx.tenantId}/v2.0/adminconsent?client_id=${ctx.clientId}&scope=https://graph.microsoft.com/.default`;
}

const consentFix = (ctx: EntraErrorContext) =>
  `a Global Administrator of the tenant grants admin consent: open ${adminConsentUrl(ctx)} (or Entra admin center > App registrations > API permissions > Grant admin consent), then try again.`;

const EXPLAINERS: Record<number, Explainer> = {
  7000215: () => ({
    reason: 'the client secret is not valid.',
    fix: "paste the secret's Value, not its Secret ID (both are GUID-like; the value is only shown once, right after it is created). If the value is lost, create a new client secret and enter its value.",
  }),
  7000222: () => ({
    reason: 'the client secret has expired.',
    fix: 'create a new client secret under App registrations > Certificates & secrets, enter its value here, and delete the old one. Consider a certificate, whose expiry this service warns about ahead of time.',
  }),
  700016: (ctx) => ({
    reason: `no application with client id ${ctx.clientId} exists in tenant ${ctx.tenantId}.`,
    fix: 'check the Application (client) ID and the tenant ID for typos. A multi-tenant app must first be consented in this tenant (admin consent) before it exists there.',
  }),
  90002: (ctx) => ({
    reason: `tenant ${ctx.tenantId} was not found.`,
    fix: 'check the Directory (tenant) ID in Entra admin center > Overview, and that the authority host matches the cloud (public, US Gov, China).',
  }),
  65001: (ctx) => ({
    reason: 'the application has not been granted consent in this tenant.',
    fix: consentFix(ctx),
  }),
  90094: (ctx) => ({
    reason: 'the permissions this application asks for need admin consent, which has not been granted.',
    fix: consentFix(ctx),
  }),
  700027: () => ({
    reason: 'the certificate used to sign in is not registered on the app registration, or its signature does not check out.',
    fix: "upload this certificate's public part (.cer/.pem) under App registrations > Certificates & secrets > Certificates, and make sure the private key given here belongs to it.",
  }),
  7000218: () => ({
    reason: 'no client secret or certificate was sent.',
    fix: "set either the client secret value or a certificate with its private key in the tenant's connection settings.",
  }),
  70011: () => ({
    reason: 'the requested scope is not valid.',
    fix: 'for application permissions the scope must be https://graph.microsoft.com/.default (on sovereign clouds that Graph host + /.default); check the Graph base URL setting.',
  }),
};

/** The AADSTS number from `error_codes`, or parsed from a description that starts with "AADSTS<n>:". */
export function aadstsNumber(body: Pick<EntraErrorBody, 'error_codes' | 'error_description'>): number | undefined {
  if (body.error_codes?.length) return body.error_codes[0];
  const match = /AADSTS(\d+)/.exec(body.error_description ?? '');
  return match ? Number(match[1]) : undefined;
}

export function explainEntraError(
  body: Pick<EntraErrorBody, 'error' | 'error_codes' | 'error_description'>,
  ctx: EntraErrorContext,
): EntraErrorExplanation {
  const aadsts = aadstsNumber(body);
  const known = aadsts === undefined ? undefined : EXPLAINERS[aadsts];
  if (known) return { aadsts, ...known(ctx) };
  // Entra's descriptions carry a trace id and timestamp after the first line; the first line is the message.
  const firstLine = (body.error_description ?? body.error).split(/\r?\n/)[0];
  return {
    aadsts,
    reason: firstLine,
    fix:
      aadsts === undefined
        ? `Entra ID gave no AADSTS code: check the authority host setting PB_AUTHORITY_HOST (now ${ctx.authorityHost}) and the tenant ID, then try again.`
        : 'look the AADSTS code up in Microsoft\'s "Microsoft Entra authentication and authorization error codes" page, correct the app registration or settings, and try again.',
  };
}

export const EXPLAINED_AADSTS = Object.keys(EXPLAINERS).map(Number);
