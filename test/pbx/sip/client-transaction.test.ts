import { ClientTransaction } from '../../../src/pbx/sip/client-transaction';
import { SipTimeoutError, SipTransportError } from '../../../src/pbx/sip/sip-errors';
import { answer } from './fake-pbx-answers';
import { FakeScheduler } from './fake-scheduler';

function setup(over: { reliable?: boolean; protocol?: string; sendFails?: Error } = {}) {
  const scheduler = new FakeScheduler();
  const sentAt: number[] = [];
  let done = 0;
  const transaction = new ClientTransaction(
    async () => {
      sentAt.push(scheduler.now());
      if (over.sendFails) throw over.sendFails;
    },
    { t1Ms: 500, t2Ms: 4000, timeoutMs: 32000 },
    scheduler,
    { method: 'SUBSCRIBE', target: '127.0.0.1:5060', reliable: over.reliable, protocol: over.protocol },
    () => done++,
  );
  return { scheduler, sentAt, transaction, done: () => done };
}

describe('ClientTransaction (non-INVITE, UDP)', () => {
  test('resends on Timer E: T1, doubling up to T2, until Timer F gives up with a SipTimeoutError', async () => {
    const { scheduler, sentAt, transaction, done } = setup();
    transaction.start();
    const outcome = transaction.result.catch((e: Error) => e);
    await scheduler.advance(32000);
    expect(sentAt).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    const error = await outcome;
    expect(error).toBeInstanceOf(SipTimeoutError);
    expect((error as Error).message).toMatch(/No answer from the PBX at 127\.0\.0\.1:5060 to SUBSCRIBE within 32000 ms/);
    expect(done()).toBe(1);
    expect(scheduler.pending()).toBe(0);
  });

  test('after a provisional answer it resends every T2, and a final answer resolves and stops it', async () => {
    const { scheduler, sentAt, transaction } = setup();
    transaction.start();
    transaction.receive(answer(100, {}, 'Trying'));
    await scheduler.advance(4600);
    expect(sentAt).toEqual([0, 500, 4500]);
    transaction.receive(answer(202, {}, 'Accepted'));
    await expect(transaction.result).resolves.toMatchObject({ status: 202 });
    await scheduler.advance(60000);
    expect(sentAt).toHaveLength(3);
    expect(scheduler.pending()).toBe(0);
  });

  test('a final failure status resolves too (the caller decides what it means)', async () => {
    const { transaction } = setup();
    transaction.start();
    transaction.receive(answer(481, {}, 'Call/Transaction Does Not Exist'));
    transaction.receive(answer(200));
    await expect(transaction.result).resolves.toMatchObject({ status: 481 });
  });
});

describe('ClientTransaction over a reliable transport (TCP)', () => {
  test('sends once (no Timer E) and Timer F still gives up, naming TCP', async () => {
    const { scheduler, sentAt, transaction, done } = setup({ reliable: true, protocol: 'TCP' });
    transaction.start();
    const outcome = transaction.result.catch((e: Error) => e);
    await scheduler.advance(31999);
    expect(sentAt).toEqual([0]);
    await scheduler.advance(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(SipTimeoutError);
    expect((error as Error).message).toMatch(/within 32000 ms: .* and that TCP is not blocked between us\.$/);
    expect(done()).toBe(1);
    expect(scheduler.pending()).toBe(0);
  });

  test('a final answer resolves it', async () => {
    const { scheduler, sentAt, transaction } = setup({ reliable: true });
    transaction.start();
    transaction.receive(answer(200));
    await expect(transaction.result).resolves.toMatchObject({ status: 200 });
    expect(sentAt).toEqual([0]);
    expect(scheduler.pending()).toBe(0);
  });

  test('a request that cannot be sent (no connection) fails at once with the transport error', async () => {
    const refused = new SipTransportError('Cannot connect to the PBX at 127.0.0.1:5060 over TCP: connect ECONNREFUSED');
    const { scheduler, transaction, done } = setup({ reliable: true, sendFails: refused });
    transaction.start();
    await expect(transaction.result).rejects.toBe(refused);
    expect(done()).toBe(1);
    expect(scheduler.pending()).toBe(0);
  });
});
