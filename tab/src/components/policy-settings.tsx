/** The switches around the rule tables: directions, how PBX states reach Teams, debounce and echo window. */
import { Checkbox, Field, Input, Select, Switch } from '@fluentui/react-components';
import { AVAILABILITIES, ROUTING_STATES } from '../api/vocabulary';
import type { Availability, RoutingState, SyncPolicy } from '../api/types';

export function PolicySettings(props: { policy: SyncPolicy; problems: Map<string, string>; onChange(policy: SyncPolicy): void }) {
  const p = props.policy;
  const t2p = (patch: Partial<SyncPolicy['teamsToPbx']>) => props.onChange({ ...p, teamsToPbx: { ...p.teamsToPbx, ...patch } });
  const p2t = (patch: Partial<SyncPolicy['pbxToTeams']>) => props.onChange({ ...p, pbxToTeams: { ...p.pbxToTeams, ...patch } });
  const problem = (path: string) => ({
    validationMessage: props.problems.get(path),
    validationState: props.problems.has(path) ? ('error' as const) : ('none' as const),
  });
  const only = p.pbxToTeams.replaceOnlyWhen;
  const toggleOnly = (a: Availability, on: boolean) => {
    const next = new Set(only ?? []);
    if (on) next.add(a);
    else next.delete(a);
    p2t({ replaceOnlyWhen: next.size === 0 ? null : AVAILABILITIES.filter((x) => next.has(x)) });
  };
  const ms = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));

  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="policy-settings">
      <Switch label="Teams -> PBX on" checked={p.teamsToPbx.enabled} onChange={(_, d) => t2p({ enabled: d.checked })} />
      <Field label="When a noChange row matches, set a routing state we set earlier back to" {...problem('teamsToPbx.releaseTo')}>
        <Select value={p.teamsToPbx.releaseTo ?? ''} onChange={(_, d) => t2p({ releaseTo: (d.value || null) as RoutingState | null })}>
          <option value="">keep it</option>
          {ROUTING_STATES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
      </Field>
      <Switch label="PBX -> Teams on" checked={p.pbxToTeams.enabled} onChange={(_, d) => p2t({ enabled: d.checked })} />
      <Switch
        label="Also push states set on the phone (DND, offline), not only calls"
        checked={p.pbxToTeams.pushManualPbxStates}
        onChange={(_, d) => p2t({ pushManualPbxStates: d.checked })}
      />
      <Switch
        label="Overwrite the person's own Teams status when it would hide ours (and restore it after)"
        checked={p.pbxToTeams.forcePreferred}
        onChange={(_, d) => p2t({ forcePreferred: d.checked })}
      />
      <Field label="Only replace a Teams status that is (none ticked: any status)" {...problem('pbxToTeams.replaceOnlyWhen')}>
        <div style={{ display: 'flex', flexWrap: 'wrap' }}>
          {AVAILABILITIES.map((a) => (
            <Checkbox key={a} label={a} checked={only?.includes(a) ?? false} onChange={(_, d) => toggleOnly(a, d.checked === true)} />
          ))}
        </div>
      </Field>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Field label="Debounce (ms)" hint="Quiet time before a flapping Teams status is acted on" {...problem('debounceMs')}>
          <Input
            type="number"
            value={Number.isNaN(p.debounceMs) ? '' : String(p.debounceMs)}
            onChange={(_, d) => props.onChange({ ...p, debounceMs: ms(d.value) })}
          />
        </Field>
        <Field label="Echo window (ms)" hint="How long our own write coming back is recognised" {...problem('echoWindowMs')}>
          <Input
            type="number"
            value={Number.isNaN(p.echoWindowMs) ? '' : String(p.echoWindowMs)}
            onChange={(_, d) => props.onChange({ ...p, echoWindowMs: ms(d.value) })}
          />
        </Field>
      </div>
    </div>
  );
}
