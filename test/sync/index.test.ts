import * as sync from '../../src/sync';

test('the public surface offers presets, parsing, mapping, decide, dry run and the engine', () => {
  const policy = sync.presetPolicy('default');
  expect(sync.parsePolicy({ preset: 'default' })).toEqual({ ok: true, policy });
  expect(sync.mapLineToTeams(policy, 'onCall').outcome).toEqual({ availability: 'Busy', activity: 'InACall' });
  expect(typeof sync.createSyncEngine).toBe('function');
  expect(sync.dryRun(policy, [])).toEqual([]);
});
