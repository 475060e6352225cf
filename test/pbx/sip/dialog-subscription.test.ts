import { DialogSubscription, type SubscriptionEvents } from '../../../src/pbx/sip/dialog-subscription';
import { refreshDelayMs } from '../../../src/pbx/sip/sip-endpoint';
import { SipTimeoutError } from '../../../src/pbx/sip/sip-errors';
import { headerValue } from '../../../src/pbx/sip/sip-message';
import { answer, dialogInfo, notify, ScriptedUa } from './fake-pbx-answers';
import { FakeScheduler } from './fake-scheduler';

const endpoint = {
  pbx: { host: '127.0.0.1', port: 5060 },
  domain: 'pbx',
  identityUri: 'sip:pb@pbx',
  contactUri: 'sip:pb@127.0.0.1:5070',
  pbxUri: 'sip:127.0.0.1:5060',
};
const granted =
  (expires = 60) =>
  () =>
    answer(200, { To: '<sip:1002@pbx>;tag=pbx-tag', Contact: '<sip:pbx-presence@127.0.0.1:5060>', Expires: String(expires) });

function setup() {
  const ua = new ScriptedUa();
  const scheduler = new FakeScheduler();
  const seen: { states: [string, boolean][]; errors: Error[]; statuses: string[] } = { states: [], errors: [], statuses: [] };
  const events: SubscriptionEvents = {
    onLineState: (_, state, first) => seen.states.push([state, first]),
    onNotify: () => undefined,
    onError: (_, error) => seen.errors.push(error),
    onStatus: (_, status) => seen.statuses.push(status),
  };
  const subscription = new DialogSubscription('1002', {
    ua,
    endpoint,
    expiresSec: 60,
    retry: { baseDelayMs: 1000, maxDelayMs: 8000, jitter: 'none' },
    scheduler,
    events,
  });
  return { ua, scheduler, seen, subscription };
}

test.each([
  [60, 48000],
  [600, 480000],
  [20, 15000],
  [3, 1000],
])('refreshDelayMs(%i s) = %i ms: before the subscription expires', (expires, delay) => {
  expect(refreshDelayMs(expires)).toBe(delay);
  expect(delay).toBeLessThan(expires * 1000);
});

describe('DialogSubscription', () => {
  test('subscribes to the dialog package and refreshes within the dialog before it expires', async () => {
    const { ua, scheduler, subscription } = setup();
    ua.then(granted(60), granted(60));
    subscription.start();
    await scheduler.advance(0);
    const first = ua.sent[0];
    expect(first).toMatchObject({ method: 'SUBSCRIBE', uri: 'sip:1002@pbx' });
    expect(headerValue(first, 'Event')).toBe('dialog');
    expect(headerValue(first, 'Accept')).toBe('application/dialog-info+xml');
    expect(headerValue(first, 'Expires')).toBe('60');
    expect(subscription.status).toBe('active');

    await scheduler.advance(47000);
    expect(ua.sent).toHaveLength(1);
    await scheduler.advance(2000);
    expect(ua.sent).toHaveLength(2);
    const refresh = ua.sent[1];
    expect(refresh.uri).toBe('sip:pbx-presence@127.0.0.1:5060');
    expect(headerValue(refresh, 'Call-ID')).toBe(headerValue(first, 'Call-ID'));
    expect(headerValue(refresh, 'To')).toBe('<sip:1002@pbx>;tag=pbx-tag');
    expect(headerValue(refresh, 'CSeq')).toBe('2 SUBSCRIBE');
  });

  test('starts a new subscription (new Call-ID) when a refresh gets 481', async () => {
    const { ua, scheduler, subscription } = setup();
    ua.then(granted(60), () => answer(481, {}, 'Subscription does not exist'), granted(60));
    subscription.start();
    await scheduler.advance(48000);
    expect(ua.sent).toHaveLength(3);
    const [first, , fresh] = ua.sent;
    expect(headerValue(fresh, 'Call-ID')).not.toBe(headerValue(first, 'Call-ID'));
    expect(headerValue(fresh, 'To')).toBe('<sip:1002@pbx>');
    expect(headerValue(fresh, 'CSeq')).toBe('1 SUBSCRIBE');
    expect(subscription.status).toBe('active');
  });

  test.each([
    ['terminated;reason=deactivated', 0],
    ['terminated;reason=timeout', 0],
    ['terminated', 0],
    ['terminated;reason=probation;retry-after=30', 30000],
    ['terminated;reason=noresource', 1000],
  ])('after NOTIFY "Subscription-State: %s" subscribes afresh after %i ms', async (state, delay) => {
    const { ua, scheduler, subscription } = setup();
    ua.then(granted(600), granted(600));
    subscription.start();
    await scheduler.advance(0);
    expect(subscription.handleNotify(notify(ua.sent[0], { state }))).toMatchObject({ status: 200 });
    if (delay > 0) {
      await scheduler.advance(delay - 1);
      expect(ua.sent).toHaveLength(1);
    }
    await scheduler.advance(1);
    expect(ua.sent).toHaveLength(2);
    expect(headerValue(ua.sent[1], 'Call-ID')).not.toBe(headerValue(ua.sent[0], 'Call-ID'));
  });

  test('retries with growing back-off after timeouts and is active again once the PBX answers', async () => {
    const { ua, scheduler, subscription, seen } = setup();
    const timeout = () => new SipTimeoutError('SUBSCRIBE', '127.0.0.1:5060', 32000);
    ua.then(timeout, timeout, timeout, granted(60));
    subscription.start();
    await scheduler.advance(0);
    expect(subscription.status).toBe('retrying');
    await scheduler.advance(1000); // 1st retry after 1 s
    expect(ua.sent).toHaveLength(2);
    await scheduler.advance(1999); // 2nd after 2 s more
    expect(ua.sent).toHaveLength(2);
    await scheduler.advance(1);
    expect(ua.sent).toHaveLength(3);
    await scheduler.advance(4000);
    expect(ua.sent).toHaveLength(4);
    expect(subscription.status).toBe('active');
    expect(seen.errors).toHaveLength(3);
    expect(seen.statuses).toEqual(['retrying', 'active']);
  });

  test('a refresh that times out leads to a new subscription', async () => {
    const { ua, scheduler, subscription } = setup();
    ua.then(granted(60), () => new SipTimeoutError('SUBSCRIBE', 'x', 1), granted(60));
    subscription.start();
    await scheduler.advance(48000 + 1000);
    expect(ua.sent).toHaveLength(3);
    expect(headerValue(ua.sent[2], 'Call-ID')).not.toBe(headerValue(ua.sent[0], 'Call-ID'));
    expect(subscription.status).toBe('active');
  });

  test('takes Min-Expires from a 423 and asks again', async () => {
    const { ua, scheduler, subscription } = setup();
    ua.then(() => answer(423, { 'Min-Expires': '120' }, 'Interval Too Brief'), granted(120));
    subscription.start();
    await scheduler.advance(1000);
    expect(headerValue(ua.sent[1], 'Expires')).toBe('120');
    expect(subscription.status).toBe('active');
  });

  test('reports each NOTIFY with its aggregated state; the first of a subscription is marked, an empty one means idle', async () => {
    const { ua, scheduler, subscription, seen } = setup();
    ua.then(granted(600));
    subscription.start();
    await scheduler.advance(0);
    const subscribe = ua.sent[0];
    subscription.handleNotify(notify(subscribe, { state: 'active;expires=600' }));
    subscription.handleNotify(notify(subscribe, { state: 'active', body: dialogInfo(1, 'early') }));
    subscription.handleNotify(notify(subscribe, { state: 'active', body: dialogInfo(2, 'confirmed') }));
    subscription.handleNotify(notify(subscribe, { state: 'active', body: dialogInfo(2, 'terminated') })); // repeated version: ignored
    subscription.handleNotify(notify(subscribe, { state: 'active', body: dialogInfo(3, 'terminated') }));
    expect(seen.states).toEqual([
      ['idle', true],
      ['ringing', false],
      ['onCall', false],
      ['idle', false],
    ]);
  });

  test('answers 481 to a NOTIFY from another dialog, and a bad body with 200 and an error', async () => {
    const { ua, scheduler, subscription, seen } = setup();
    ua.then(granted(600));
    subscription.start();
    await scheduler.advance(0);
    expect(subscription.handleNotify(notify(ua.sent[0], { state: 'active', fromTag: 'someone-else' }))).toMatchObject({ status: 481 });
    expect(subscription.handleNotify(notify(ua.sent[0], { state: 'active', body: '<dialog-info>' }))).toMatchObject({ status: 200 });
    expect(seen.errors[0].message).toMatch(/Unusable dialog-info document/);
  });

  test('stop ends the subscription at the PBX with Expires: 0 and never subscribes again', async () => {
    const { ua, scheduler, subscription } = setup();
    ua.then(granted(60), () => answer(200));
    subscription.start();
    await scheduler.advance(0);
    await subscription.stop();
    expect(headerValue(ua.last(), 'Expires')).toBe('0');
    await scheduler.advance(600000);
    expect(ua.sent).toHaveLength(2);
    expect(subscription.status).toBe('stopped');
  });
});
