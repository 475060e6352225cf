/**
 * Issue 9: a second `npm start` of the demo on the same data directory meets a new Graph simulator whose
 * sequence numbers start again from 1 (as a real tenant's may after a tenant move or a service reset). The
 * stored versions of the first run must not outrank it: Teams changes keep reaching the PBX.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, startDemoService, type DemoService } from '../runtime/demo-service';
import { demoOf } from '../../src/demo/demo-of';

describe('a restarted demo on the same data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-demo-restart-'));
  let demo: DemoService | undefined;
  afterAll(async () => {
    await demo?.stop({ keepData: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('still brings Teams changes to the PBX although the new simulator counts sequence numbers from 1 again', async () => {
    demo = await startDemoService({}, dataDir);
    const { tenantId } = demo;
    const [user] = [...(await demo.service.store.mappings.list(tenantId))].sort((a, b) => a.extension.localeCompare(b.extension));
    const routingOf = () => demoOf(demo!.service).pbx.state(user.extension).routing?.state;

    // The first run sees many changes: high sequence numbers end up stored.
    const first = demoOf(demo.service).graph.tenant(tenantId);
    for (let i = 0; i < 40; i++) first.setUserPresence(user.userId, i % 2 ? 'Busy' : 'Away', i % 2 ? 'InACall' : 'Away');
    first.setUserPresence(user.userId, 'DoNotDisturb', 'DoNotDisturb');
    await eventually('DND routed in the first run', () => routingOf() === 'dnd');
    await demo.service.engine.idle();
    const storedVersion = (await demo.service.store.syncStates.loadAll(tenantId)).find((s) => s.userId === user.userId)?.teams?.version;
    expect(storedVersion).toBeDefined();
    await demo.stop({ keepData: true });
    demo = undefined;

    demo = await startDemoService({}, dataDir);
    expect(demo.tenantId).toBe(tenantId);
    const second = demoOf(demo.service).graph.tenant(tenantId);
    const reading = second.setUserPresence(user.userId, 'Busy', 'InAMeeting');
    // The premise: the new simulator's number sorts before the stored one.
    expect(reading.sequenceNumber < storedVersion!).toBe(true);
    await eventually('the change after the restart reaches the PBX', () => routingOf() === 'busy', 15_000);
    const entry = await eventually('the decision in the stored trace', async () =>
      (await demo!.service.store.trace.forUser(tenantId, user.userId, 20)).find((e) => e.event.includes('Busy/InAMeeting')),
    );
    expect(entry.outcome).toBe('applied');
  }, 60_000);
});
