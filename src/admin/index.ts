/** The admin tab's HTTP API: what the composition root wires. */
export {
  ADMIN_ROLE_TEMPLATE_IDS,
  GLOBAL_ADMINISTRATOR_ROLE,
  TEAMS_ADMINISTRATOR_ROLE,
  isAdminMembership,
  type DirectoryMembership,
} from './admin-roles';
export * from './auth-errors';
export { registerAdminRoutes, type AdminRoutes } from './admin-routes';
export type { AdminRouteDeps } from './admin-route-deps';
export { createJobRegistry, type JobRegistry, type JobView, type JobKind } from './job-registry';
export { createLocalTokenIssuer, type LocalTokenIssuer, type ClaimsToSign, type EntraAccessTokenClaims } from './local-token-issuer';
export { createGraphRoleLookup, type RoleLookup, type DelegatedGraphGet } from './role-lookup';
export { createSsoValidator, ENTRA_JWKS_URL, SSO_SCOPE, type Caller, type SsoValidator, type SsoValidatorOptions } from './sso-validator';
export { registerDemoTokenRoute, DEMO_ADMIN, DEMO_USER, type DemoTokenRouteDeps, type DemoIdentity } from './demo-token-route';
export { registerTabRoutes, type TabRouteOptions } from './tab-static';
