import { aadstsNumber, adminConsentUrl, explainEntraError } from '../../src/graph/entra-error-catalogue';

const ctx = {
  tenantId: '11111111-2222-3333-4444-555555555555',
  clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  authorityHost: 'https://login.microsoftonline.com',
};

describe('explainEntraError', () => {
  test.each([
    [7000215, 'invalid_client', /not valid/, /Value, not its Secret ID/],
    [7000222, 'invalid_client', /expired/, /new client secret/],
    [700016, 'unauthorized_client', /no application with client id aaaaaaaa/, /Application \(client\) ID/],
    [90002, 'invalid_request', /tenant 11111111-.* was not found/, /Directory \(tenant\) ID/],
    [65001, 'invalid_grant', /not been granted consent/, /adminconsent\?client_id=aaaaaaaa/],
    [90094, 'invalid_grant', /need admin consent/, /Grant admin consent/],
    [700027, 'invalid_client', /certificate .* not registered/, /Certificates & secrets/],
    [7000218, 'invalid_client', /no client secret or certificate/, /client secret value or a certificate/],
    [70011, 'invalid_scope', /scope is not valid/, /\/\.default/],
  ])('AADSTS%s is explained with a cause and a fix', (code, error, reason, fix) => {
    const explained = explainEntraError({ error, error_codes: [code], error_description: `AADSTS${code}: something` }, ctx);
    expect(explained.aadsts).toBe(code);
    expect(explained.reason).toMatch(reason);
    expect(explained.fix).toMatch(fix);
  });

  test("an unknown code keeps the first line of Entra's description", () => {
    const explained = explainEntraError(
      { error: 'invalid_request', error_codes: [50000], error_description: 'AADSTS50000: odd.\r\nTrace ID: x' },
      ctx,
    );
    expect(explained).toMatchObject({ aadsts: 50000, reason: 'AADSTS50000: odd.' });
  });

  test('an answer without an AADSTS code does not send the admin to look one up: it names the authority host setting', () => {
    const explained = explainEntraError(
      {
        error: 'endpoints_resolution_error',
        error_description: 'See https://aka.ms/msal.js.errors#endpoints_resolution_error for details',
      },
      ctx,
    );
    expect(explained.aadsts).toBeUndefined();
    expect(explained.fix).not.toMatch(/AADSTS code up/);
    expect(explained.fix).toContain('PB_AUTHORITY_HOST');
  });

  test.each([
    [{ error_codes: [7000215] }, 7000215],
    [{ error_description: 'AADSTS90002: Tenant not found' }, 90002],
    [{ error_description: 'no code here' }, undefined],
  ])('finds the AADSTS number in %j', (body, expected) => {
    expect(aadstsNumber(body)).toBe(expected);
  });

  test('the admin consent link points at the tenant on the configured cloud', () => {
    expect(adminConsentUrl({ ...ctx, authorityHost: 'https://login.microsoftonline.us/' })).toBe(
      `https://login.microsoftonline.us/${ctx.tenantId}/v2.0/adminconsent?client_id=${ctx.clientId}&scope=https://graph.microsoft.com/.default`,
    );
  });
});
