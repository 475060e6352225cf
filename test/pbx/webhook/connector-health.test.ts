import { createHealthTracker, type FailureKind } from '../../../src/pbx/webhook/connector-health';

type Step = ['ok'] | ['fail', FailureKind] | ['start'] | ['stop'] | ['event'];

test.each<[string, Step[], string]>([
  ['new', [], 'starting'],
  ['after a success', [['ok']], 'connected'],
  ['after one unreachable write', [['ok'], ['fail', 'unreachable']], 'degraded'],
  [
    'after three unreachable writes in a row',
    [
      ['fail', 'unreachable'],
      ['fail', 'unreachable'],
      ['fail', 'unreachable'],
    ],
    'down',
  ],
  ['after a success breaks the row', [['fail', 'unreachable'], ['fail', 'unreachable'], ['ok'], ['fail', 'unreachable']], 'degraded'],
  ['when recovering from down', [['fail', 'unreachable'], ['fail', 'unreachable'], ['fail', 'unreachable'], ['ok']], 'connected'],
  ['after a refused signature', [['ok'], ['fail', 'refused']], 'degraded'],
  [
    'after refused signatures in a row',
    [
      ['fail', 'refused'],
      ['fail', 'refused'],
      ['fail', 'refused'],
    ],
    'down',
  ],
  [
    'after a request-specific rejection (the PBX is up)',
    [
      ['fail', 'unreachable'],
      ['fail', 'rejected'],
    ],
    'connected',
  ],
  ['after an inbound event', [['event']], 'connected'],
  ['after stop, whatever happens next', [['ok'], ['stop'], ['ok'], ['fail', 'unreachable']], 'stopped'],
  ['after a restart', [['stop'], ['start']], 'starting'],
])('status is %s', (_name, steps, status) => {
  const health = createHealthTracker(3);
  let at = 0;
  for (const step of steps) {
    at += 1;
    if (step[0] === 'ok') health.succeeded(at);
    else if (step[0] === 'fail') health.failed(at, step[1], `failure ${at}`);
    else if (step[0] === 'start') health.started();
    else if (step[0] === 'stop') health.stopped();
    else health.eventReceived(at);
  }
  expect(health.snapshot().status).toBe(status);
});

test('keeps the last success, the last error and the last event with their times', () => {
  const health = createHealthTracker(3);
  health.succeeded(10);
  health.eventReceived(15);
  health.failed(20, 'unreachable', 'PBX at http://pbx unreachable');
  expect(health.snapshot()).toMatchObject({
    status: 'degraded',
    lastSuccessAt: 10,
    lastEventAt: 15,
    lastError: { at: 20, message: 'PBX at http://pbx unreachable' },
    detail: expect.stringContaining('1 failed write'),
  });
});
