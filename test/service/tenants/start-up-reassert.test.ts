import type { ConnectorCapabilities, LineStateReport } from '../../../src/pbx/connector';
import { reassertAfterStart } from '../../../src/service/tenants/start-up-reassert';
import type { ReassertSides } from '../../../src/sync/decision/reassert';
import { FakeTime } from '../../graph/fake-time';

const CAPS: ConnectorCapabilities = { lineStateOut: true, routingIn: true, listUsers: true };

function setup(connector: { caps?: Partial<ConnectorCapabilities>; present?: () => Promise<LineStateReport[]> }) {
  const calls: string[] = [];
  const warnings: string[] = [];
  const time = new FakeTime();
  const engine = {
    submitLineReport: (tenantId: string, r: LineStateReport) => {
      calls.push(`line ${tenantId} ${r.extension} ${r.state} @${r.at}`);
      return 'decided' as const;
    },
    reassert: (tenantId: string, sides: ReassertSides) => {
      calls.push(`reassert ${tenantId} session=${sides.session} routing=${sides.routing}`);
      return 7;
    },
  };
  const run = () =>
    reassertAfterStart({
      tenantId: 't1',
      engine,
      connector: { capabilities: () => ({ ...CAPS, ...connector.caps }), presentLineStates: connector.present },
      log: { info: () => undefined, warn: ((_o: object, msg: string) => void warnings.push(msg)) as never },
      scheduler: time.scheduler,
      waitMs: 10_000,
    });
  return { calls, warnings, run, time };
}

describe('start-up re-assert', () => {
  test("the PBX's present line states go to the engine first, then what still stands is written again", async () => {
    const { calls, run } = setup({
      present: async () => [
        { extension: '1001', state: 'idle', at: 5 },
        { extension: '1002', state: 'onCall', at: 6 },
      ],
    });
    expect(await run()).toEqual({ lineStates: 2, users: 7 });
    expect(calls).toEqual(['line t1 1001 idle @5', 'line t1 1002 onCall @6', 'reassert t1 session=true routing=false']);
  });

  test.each([
    [undefined, false],
    [false, false],
    [true, true],
  ])('routing is written again only when the connector says it lapses (routingLapses %s)', async (routingLapses, routing) => {
    const { calls, run } = setup({ caps: { routingLapses } });
    expect(await run()).toEqual({ lineStates: undefined, users: 7 });
    expect(calls).toEqual([`reassert t1 session=true routing=${routing}`]);
  });

  test('a PBX that cannot answer does not stop the re-assert, and says so', async () => {
    const { calls, warnings, run } = setup({
      present: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    });
    expect(await run()).toEqual({ lineStates: undefined, users: 7 });
    expect(calls).toEqual(['reassert t1 session=true routing=false']);
    expect(warnings).toEqual([expect.stringMatching(/could not say its present line states/)]);
  });

  test('a PBX slow to answer: the stored states are written again after the wait, and its late answer still goes to the engine', async () => {
    let answer!: (reports: LineStateReport[]) => void;
    const { calls, warnings, run, time } = setup({ present: () => new Promise((resolve) => (answer = resolve)) });
    const done = run();
    await time.advance(9_999);
    expect(calls).toEqual([]);
    await time.advance(1);
    expect(await done).toEqual({ lineStates: undefined, users: 7 });
    expect(calls).toEqual(['reassert t1 session=true routing=false']);
    expect(warnings).toEqual([expect.stringMatching(/slow to say its present line states/)]);
    answer([{ extension: '1001', state: 'idle', at: 5 }]);
    await time.settle();
    expect(calls).toEqual(['reassert t1 session=true routing=false', 'line t1 1001 idle @5']);
  });
});
