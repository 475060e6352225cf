/** Where the admin bot is installed, as both stores read it. */
import { fromJson } from '../row-values';
import type { BotInstallationRecord } from '../../alerts/alert-repository';

export interface InstallationRow {
  team_id: string;
  reference_json: string;
  installed_at: number;
}

export function installationOf(row: InstallationRow, tenantId: string): BotInstallationRecord {
  return {
    tenantId,
    teamId: row.team_id,
    reference: fromJson<Record<string, unknown>>(row.reference_json, `installation of team ${row.team_id} in tenant ${tenantId}`),
    installedAt: row.installed_at,
  };
}
