/**
 * What a tenant's sync policy holds, and the names of the presets one may start from: apart from policy.ts
 * (parsing) and presets.ts (the tables), which both need them, so neither imports the other for them.
 */
import type { PbxToTeamsRule, TeamsToPbxRule } from './rules';
import type { Availability, RoutingState } from '../states';

export const PRESET_NAMES = ['default', 'daktela', 'procall', 'telia', 'nfon', 'swyx'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface SyncPolicy {
  /** The preset this policy started from, or "custom". Shown in rule texts ("Busy/* -> busy (preset daktela)"). */
  preset: PresetName | 'custom';
  teamsToPbx: {
    enabled: boolean;
    rules: TeamsToPbxRule[];
    /**
     * When a "noChange" row matches but the PBX still carries a routing state we set earlier, set it back to
     * this state (ProCall: Teams DND/busy are overlays that end with the Teams state). null: keep it.
     */
    releaseTo: RoutingState | null;
  };
  pbxToTeams: {
    enabled: boolean;
    rules: PbxToTeamsRule[];
    /** Only replace a Teams status whose availability is listed (Telia: Available, Busy); null: any status. */
    replaceOnlyWhen: Availability[] | null;
    /** Push line states the person set on the PBX (dnd, offline). Off: only calls reach Teams (ProCall). */
    pushManualPbxStates: boolean;
    /** Overwrite the user's own (preferred) presence when it would hide ours, and restore it afterwards. */
    forcePreferred: boolean;
  };
  /** Teams changes: the first after this quiet period is acted on at once, later ones once the presence is quiet this long (flapping); 0 = off. */
  debounceMs: number;
  /** How long after our own write an equal state coming back is treated as its echo. */
  echoWindowMs: number;
}
