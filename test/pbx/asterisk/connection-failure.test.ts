import { handleConnectionFailure } from '../../../src/pbx/asterisk/connection-failure';
import { AsteriskAuthError, AsteriskUnreachableError } from '../../../src/pbx/asterisk/errors';
import { HealthTracker } from '../../../src/pbx/asterisk/health-tracker';
import { ReconnectTimer } from '../../../src/pbx/asterisk/reconnect-timer';
import { FakeTime } from './helpers/fake-time';

function context(protocol: 'AMI' | 'ARI') {
  const time = new FakeTime();
  const warnings: { obj: object; msg: string }[] = [];
  return {
    time,
    warnings,
    ctx: {
      protocol,
      tenantId: 'contoso',
      tracker: new HealthTracker(time),
      reconnect: new ReconnectTimer({ baseDelayMs: 500, maxDelayMs: 30_000 }, time, () => 0.5),
      logger: { info: () => undefined, warn: (obj: object, msg: string) => void warnings.push({ obj, msg }) },
    },
  };
}

describe('handleConnectionFailure', () => {
  test.each([
    ['an unreachable server is retried after the backoff delay', new AsteriskUnreachableError('No answer.'), 500, 'Retrying in 1 s.'],
    ['refused credentials are retried after the longest delay', new AsteriskAuthError('Login refused.'), 30_000, 'Retrying in 30 s.'],
  ])('%s', (_name, error, delay, says) => {
    const { time, warnings, ctx } = context('AMI');
    const retry = jest.fn();
    handleConnectionFailure(error, true, retry, ctx);
    expect(time.waiting()).toEqual([delay]);
    expect(ctx.tracker.snapshot()).toMatchObject({
      status: 'down',
      detail: expect.stringContaining(says),
      lastError: { message: expect.any(String) },
    });
    expect(warnings).toEqual([{ obj: { tenantId: 'contoso', err: expect.any(String), retryInMs: delay }, msg: 'AMI connection failed' }]);
    time.advance(delay);
    expect(retry).toHaveBeenCalledTimes(1);
  });

  test('a stopped connector records the error but neither retries nor changes its status', () => {
    const { time, warnings, ctx } = context('ARI');
    ctx.tracker.set('stopped');
    handleConnectionFailure(new AsteriskUnreachableError('Gone.'), false, jest.fn(), ctx);
    expect(time.waiting()).toEqual([]);
    expect(ctx.tracker.snapshot()).toMatchObject({ status: 'stopped', lastError: { message: expect.stringContaining('Gone.') } });
    expect(warnings).toEqual([]);
  });
});
