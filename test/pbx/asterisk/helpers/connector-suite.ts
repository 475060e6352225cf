/**
 * What both Asterisk connector suites set up around each test: a fresh fake Asterisk on loopback and fresh
 * fake time, the connector under test built against them (randomness fixed at 0.5), both stopped after the
 * test, and the line state reports the connector made. Call it at the top of a describe block.
 */
import type { AsteriskDeps } from '../../../../src/pbx/asterisk/settings-common';
import type { LineStateReport, PbxConnector } from '../../../../src/pbx/connector';
import { FakeTime } from './fake-time';

interface FakeAsterisk {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ConnectorSuiteOptions<Fake extends FakeAsterisk, Settings, FakeOptions> {
  newFake(options?: FakeOptions): Fake;
  /** The settings that reach `fake`; a test's overrides go on top. */
  settings(fake: Fake): Settings;
  create(settings: Settings, deps: AsteriskDeps): PbxConnector;
  /** AMI watches first (the snapshot after login covers them); ARI starts first (watching subscribes). */
  watchBeforeStart: boolean;
}

export interface ConnectorSuite<Fake, Settings, FakeOptions> {
  readonly fake: Fake;
  readonly time: FakeTime;
  /** Every report since the test began (or since a test emptied it). */
  reports: LineStateReport[];
  /** Stops this test's fake and starts another one with `options`. */
  replaceFake(options?: FakeOptions): Promise<void>;
  /** A connector against this test's fake, not started. */
  connect(overrides?: Partial<Settings>): PbxConnector;
  /** A started connector watching `watch`, reporting into `reports`. */
  started(overrides?: Partial<Settings>, watch?: string[]): Promise<PbxConnector>;
  last(extension: string): LineStateReport | undefined;
}

export function useConnectorSuite<Fake extends FakeAsterisk, Settings, FakeOptions>(
  options: ConnectorSuiteOptions<Fake, Settings, FakeOptions>,
): ConnectorSuite<Fake, Settings, FakeOptions> {
  let fake: Fake | undefined;
  let time: FakeTime | undefined;
  let connector: PbxConnector | undefined;
  let reports: LineStateReport[] = [];
  const current = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The connector suite sets up in beforeEach: use it inside a test.');
    return value;
  };

  async function startFake(fakeOptions?: FakeOptions): Promise<void> {
    fake = options.newFake(fakeOptions);
    await fake.start();
  }

  beforeEach(async () => {
    await startFake();
    time = new FakeTime();
    reports = [];
  });

  afterEach(async () => {
    await connector?.stop();
    connector = undefined;
    await fake?.stop();
  });

  const suite: ConnectorSuite<Fake, Settings, FakeOptions> = {
    get fake() {
      return current(fake);
    },
    get time() {
      return current(time);
    },
    get reports() {
      return reports;
    },
    set reports(value) {
      reports = value;
    },
    async replaceFake(fakeOptions) {
      await fake?.stop();
      await startFake(fakeOptions);
    },
    connect(overrides = {}) {
      const clock = current(time);
      connector = options.create({ ...options.settings(current(fake)), ...overrides }, { clock, scheduler: clock, random: () => 0.5 });
      return connector;
    },
    async started(overrides = {}, watch = ['1001']) {
      const c = suite.connect(overrides);
      if (options.watchBeforeStart) await c.watch(watch);
      await c.start((r) => reports.push(r));
      if (!options.watchBeforeStart) await c.watch(watch);
      return c;
    },
    last: (extension) => [...reports].reverse().find((r) => r.extension === extension),
  };
  return suite;
}
