import { ClientTransaction } from '../../../src/pbx/sip/client-transaction';
import { SipTimeoutError } from '../../../src/pbx/sip/sip-errors';
import { answer } from './fake-pbx-answers';
import { FakeScheduler } from './fake-scheduler';

function setup() {
  const scheduler = new FakeScheduler();
  const sentAt: number[] = [];
  let done = 0;
  const transaction = new ClientTransaction(
    () => sentAt.push(scheduler.now()),
    { t1Ms: 500, t2Ms: 4000, timeoutMs: 32000 },
    scheduler,
    { method: 'SUBSCRIBE', target: '127.0.0.1:5060' },
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
