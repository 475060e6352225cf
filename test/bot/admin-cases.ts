/** Who is a tenant admin, as both admin-directory suites set their people up: by role, by group, or not. */
export const ADMIN_CASES = [
  ['global', true], // Global Administrator
  ['teams', true], // Teams Administrator (beside a role that is not enough)
  ['helpdesk', false], // User Administrator only
  ['grouped', true], // member of the configured admin group
  ['nobody', false],
] as const;
