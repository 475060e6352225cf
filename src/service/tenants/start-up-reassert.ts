/**
 * At start-up, make both sides show again what they showed before a restart (kill -9 or deploy): a call in
 * progress keeps its "In a call" in Teams although our Graph session lapsed while the service was down.
 *
 * First the PBX's present truth where it can say on request (`presentLineStates`): a call that ended while we
 * were down is then cleared instead of shown again. Then the engine writes again, through its usual queues
 * and Graph's budget, what the stored states still say we had written and what lapses without us (sessions;
 * routing where the connector says it lapses). The webhook reads the PBX's users list, SIP waits for each
 * subscription's first NOTIFY, the Asterisk connectors list the device states again.
 */
import type { Logger } from '../../logger';
import type { PbxConnector } from '../../pbx/connector';
import type { SyncEngine } from '../../sync/engine';
import type { Scheduler } from '../../time/clock';

/** How long the re-assert waits for the PBX's answer before writing the stored states again anyway. */
export const PRESENT_LINE_STATES_WAIT_MS = 10_000;

export interface StartUpReassertOptions {
  tenantId: string;
  engine: Pick<SyncEngine, 'submitLineReport' | 'reassert'>;
  connector: Pick<PbxConnector, 'capabilities' | 'presentLineStates'>;
  log: Pick<Logger, 'info' | 'warn'>;
  scheduler: Scheduler;
  /** Default PRESENT_LINE_STATES_WAIT_MS. */
  waitMs?: number;
}

export interface StartUpReassertResult {
  /** Line states the PBX reported on request in time (undefined: it cannot say, or did not answer in time). */
  lineStates?: number;
  /** Users looked at for writing again. */
  users: number;
}

export async function reassertAfterStart(o: StartUpReassertOptions): Promise<StartUpReassertResult> {
  const { tenantId, engine, connector, log } = o;
  let lineStates: number | undefined;
  if (connector.presentLineStates) {
    const asked = connector.presentLineStates().then(
      (reports) => {
        // A late answer still corrects what was written again meanwhile.
        for (const report of reports) engine.submitLineReport(tenantId, report);
        return reports.length;
      },
      (err: Error) => {
        log.warn(
          { tenantId, err: err.message },
          'the PBX could not say its present line states; writing the stored ones again until its next events',
        );
        return undefined;
      },
    );
    let timer: { cancel(): void } | undefined;
    const late = new Promise<'late'>(
      (resolve) => (timer = o.scheduler.after(o.waitMs ?? PRESENT_LINE_STATES_WAIT_MS, () => resolve('late'))),
    );
    const answer = await Promise.race([asked, late]);
    timer?.cancel();
    if (answer === 'late')
      log.warn({ tenantId }, 'the PBX is slow to say its present line states; writing the stored ones again, its answer follows');
    else lineStates = answer;
  }
  const users = engine.reassert(tenantId, { session: true, routing: connector.capabilities().routingLapses === true });
  log.info({ tenantId, lineStates, users }, 'start-up: wrote again what should show after the restart');
  return { lineStates, users };
}
