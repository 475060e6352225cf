/**
 * Graph's teamsAdministration.teamsUserConfiguration (`/admin/teams/userConfigurations`, permission
 * TeamsUserConfiguration.Read.All): where a user's Teams phone number lives, as `telephoneNumbers`.
 */
import type { DirectoryUser } from './directory-user';

export function teamsUserConfiguration(user: DirectoryUser, tenantId: string, createdAt: number) {
  const created = new Date(createdAt).toISOString();
  return {
    '@odata.type': '#microsoft.graph.teamsAdministration.teamsUserConfiguration',
    id: user.id,
    tenantId,
    userId: user.id,
    userPrincipalName: user.userPrincipalName ?? null,
    accountType: 'user',
    isEnterpriseVoiceEnabled: user.teamsPhoneNumber !== undefined,
    featureTypes: user.teamsPhoneNumber !== undefined ? ['Teams', 'PhoneSystem', 'CallingPlan'] : ['Teams'],
    telephoneNumbers:
      user.teamsPhoneNumber !== undefined ? [{ telephoneNumber: user.teamsPhoneNumber, assignmentCategory: 'primary' }] : [],
    effectivePolicyAssignments: [],
    createdDateTime: created,
    modifiedDateTime: created,
  };
}
