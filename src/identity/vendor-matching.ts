/**
 * How each vendor whose behaviour a preset reproduces matches Teams users to extensions
 * (facts/reference-behaviours.md). A preset sets the rules; these are the PB_MATCH_STRATEGIES that complete the
 * reproduction. Not applied by the preset itself: our default order (upn, mail, proxyAddresses, phone) matches
 * every user one of them would, and more, and reports duplicates as conflicts where NFON picks one at random.
 */
import type { PresetName } from '../sync/decision/presets';
import type { MatchStrategy } from './types';

export const VENDOR_MATCHING: Readonly<
  Record<Exclude<PresetName, 'default'>, { strategies: readonly MatchStrategy[]; documented: string }>
> = {
  daktela: { strategies: ['phone'], documented: "by the user's Teams phone (device) number" },
  procall: { strategies: ['upn'], documented: 'PBX user name = Entra userPrincipalName' },
  telia: { strategies: ['mail'], documented: 'by e-mail, no aliases' },
  nfon: { strategies: ['mail'], documented: "the extension's e-mail equals the Microsoft account e-mail" },
  swyx: { strategies: ['upn'], documented: "the user's e-mail = the Teams account name (the UPN)" },
};
