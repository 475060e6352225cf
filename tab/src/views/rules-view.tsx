/**
 * Rules: both rule tables of the tenant's policy, a preset picker, validation as you type, a dry run that
 * shows who would change, then Save.
 */
import { Badge, Button, Field, MessageBar, MessageBarBody, Select, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { DryRunChange, SyncPolicy } from '../api/types';
import { DryRunResult } from '../components/dry-run-result';
import { ErrorMessage } from '../components/error-message';
import { PbxRulesTable } from '../components/pbx-rules-table';
import { PolicySettings } from '../components/policy-settings';
import { Section } from '../components/section';
import { TeamsRulesTable } from '../components/teams-rules-table';
import { tableProblems } from '../format/rule-paths';
import { useApi } from '../hooks/api-context';
import { useResource } from '../hooks/use-resource';
import { useRuleValidation } from '../hooks/use-rule-validation';

export function RulesView() {
  const api = useApi();
  const rules = useResource(() => api.rules());
  const [draft, setDraft] = useState<SyncPolicy>();
  const [dry, setDry] = useState<{ changes?: DryRunChange[]; error?: unknown; busy: boolean }>({ busy: false });
  const [save, setSave] = useState<{ done?: boolean; error?: unknown; busy: boolean }>({ busy: false });
  const validation = useRuleValidation(draft);

  useEffect(() => {
    if (rules.data && !draft) setDraft(structuredClone(rules.data.policy));
  }, [rules.data, draft]);

  if (!rules.data || !draft)
    return rules.error ? <ErrorMessage error={rules.error} title="Could not load the rules" /> : <Spinner label="Loading rules" />;
  const saved = rules.data.policy;
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  const problems = validation.problems;
  const settingProblems = new Map(problems.filter((p) => p.setting !== undefined).map((p) => [p.setting!, p.message]));
  const valid = problems.length === 0 && !validation.checking;

  const edit = (next: SyncPolicy, keepPreset = false) => {
    setDraft(keepPreset ? next : { ...next, preset: 'custom' });
    setDry({ busy: false });
    setSave({ busy: false });
  };
  const pickPreset = (name: string) => {
    const preset = rules.data!.presets.find((p) => p.name === name);
    if (preset) edit(structuredClone(preset.policy), true);
  };
  const runDry = async () => {
    setDry({ busy: true });
    try {
      setDry({ busy: false, changes: (await api.dryRun(draft)).changes });
    } catch (error) {
      setDry({ busy: false, error });
    }
  };
  const runSave = async () => {
    setSave({ busy: true });
    try {
      const result = await api.saveRules(draft);
      rules.set({ ...rules.data!, policy: result.policy });
      setDraft(structuredClone(result.policy));
      setSave({ busy: false, done: true });
    } catch (error) {
      setSave({ busy: false, error });
    }
  };
  const presetDescription = rules.data.presets.find((p) => p.name === draft.preset)?.description;

  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="rules-view">
      <Section
        title="Policy"
        actions={
          <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            {validation.checking ? (
              <Spinner size="extra-tiny" label="Checking" />
            ) : problems.length > 0 ? (
              <Badge color="danger" data-testid="rules-invalid">
                {problems.length} problem{problems.length === 1 ? '' : 's'}
              </Badge>
            ) : (
              <Badge color="success" data-testid="rules-valid">
                valid
              </Badge>
            )}
            {dirty && <Badge appearance="outline">unsaved changes</Badge>}
          </div>
        }
      >
        <Field label="Start from a preset" hint={presetDescription}>
          <Select value={draft.preset} onChange={(_, d) => pickPreset(d.value)} data-testid="preset-picker">
            {draft.preset === 'custom' && <option value="custom">custom (edited)</option>}
            {rules.data.presets.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <PolicySettings policy={draft} problems={settingProblems} onChange={(p) => edit(p)} />
      </Section>
      <Section title="Teams presence -> PBX routing">
        <TeamsRulesTable
          rows={draft.teamsToPbx.rules}
          problems={tableProblems(problems, 'teamsToPbx')}
          onChange={(rows) => edit({ ...draft, teamsToPbx: { ...draft.teamsToPbx, rules: rows } })}
        />
      </Section>
      <Section title="PBX line state -> Teams presence">
        <PbxRulesTable
          rows={draft.pbxToTeams.rules}
          problems={tableProblems(problems, 'pbxToTeams')}
          onChange={(rows) => edit({ ...draft, pbxToTeams: { ...draft.pbxToTeams, rules: rows } })}
        />
      </Section>
      <ErrorMessage error={validation.error} title="The rules could not be checked" />
      <Section title="Dry run and save">
        <Text>
          The dry run applies the draft to everyone's current state and lists who would change. Nothing is written until you save.
        </Text>
        <div style={{ display: 'flex', gap: 8 }}>
          <Button onClick={runDry} disabled={!valid || dry.busy}>
            {dry.busy ? 'Running\u2026' : 'Dry run'}
          </Button>
          <Button appearance="primary" onClick={runSave} disabled={!valid || !dirty || save.busy}>
            Save rules
          </Button>
          <Button
            disabled={!dirty}
            onClick={() => {
              setDraft(structuredClone(saved));
              setDry({ busy: false });
            }}
          >
            Discard changes
          </Button>
        </div>
        {dry.changes && <DryRunResult changes={dry.changes} />}
        <ErrorMessage error={dry.error} title="The dry run did not run" />
        {save.done && (
          <MessageBar intent="success" data-testid="rules-saved">
            <MessageBarBody>Rules saved. They apply to the next change of every user.</MessageBarBody>
          </MessageBar>
        )}
        <ErrorMessage error={save.error} title="The rules were not saved" />
      </Section>
    </div>
  );
}
