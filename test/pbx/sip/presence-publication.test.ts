import { PresencePublication } from '../../../src/pbx/sip/presence-publication';
import { SipRequestFailedError, SipTimeoutError } from '../../../src/pbx/sip/sip-errors';
import { headerValue } from '../../../src/pbx/sip/sip-message';
import { answer, ScriptedUa } from './fake-pbx-answers';
import { FakeScheduler } from './fake-scheduler';

const endpoint = {
  pbx: { host: '127.0.0.1', port: 5060 },
  domain: 'pbx',
  identityUri: 'sip:pb@pbx',
  contactUri: 'sip:pb@127.0.0.1:5070',
  pbxUri: 'sip:127.0.0.1:5060',
};
const accepted =
  (etag: string, expires = 60) =>
  () =>
    answer(200, { 'SIP-ETag': etag, Expires: String(expires) });

function setup() {
  const ua = new ScriptedUa();
  const scheduler = new FakeScheduler();
  const errors: Error[] = [];
  const publication = new PresencePublication('1002', {
    ua,
    endpoint,
    expiresSec: 60,
    retry: { baseDelayMs: 1000, maxDelayMs: 8000, jitter: 'none' },
    scheduler,
    onError: (_, error) => errors.push(error),
    onSuccess: () => undefined,
  });
  return { ua, scheduler, publication, errors };
}

describe('PresencePublication', () => {
  test('publishes a PIDF document, then refreshes with SIP-If-Match and no body before it expires', async () => {
    const { ua, scheduler, publication } = setup();
    ua.then(accepted('etag-1'), accepted('etag-2'), accepted('etag-3'));
    await publication.publish('dnd');
    const first = ua.sent[0];
    expect(first).toMatchObject({ method: 'PUBLISH', uri: 'sip:1002@pbx' });
    expect(headerValue(first, 'Event')).toBe('presence');
    expect(headerValue(first, 'Content-Type')).toBe('application/pidf+xml');
    expect(headerValue(first, 'SIP-If-Match')).toBeUndefined();
    expect(first.body).toContain('<rpid:busy/>');

    await scheduler.advance(48000);
    const refresh = ua.sent[1];
    expect(headerValue(refresh, 'SIP-If-Match')).toBe('etag-1');
    expect(refresh.body).toBe('');
    await scheduler.advance(48000);
    expect(headerValue(ua.sent[2], 'SIP-If-Match')).toBe('etag-2');
  });

  test('a change carries the new document with SIP-If-Match', async () => {
    const { ua, publication } = setup();
    ua.then(accepted('etag-1'), accepted('etag-2'));
    await publication.publish('dnd');
    await publication.publish('away');
    expect(headerValue(ua.sent[1], 'SIP-If-Match')).toBe('etag-1');
    expect(ua.sent[1].body).toContain('<rpid:away/>');
    expect(publication.state).toBe('away');
  });

  test('publishes the whole document afresh when the PBX answers 412 (it lost our ETag)', async () => {
    const { ua, scheduler, publication } = setup();
    ua.then(accepted('etag-1'), () => answer(412, {}, 'Conditional Request Failed'), accepted('etag-9'), accepted('etag-10'));
    await publication.publish('busy');
    await scheduler.advance(48000);
    expect(ua.sent).toHaveLength(3);
    expect(headerValue(ua.sent[2], 'SIP-If-Match')).toBeUndefined();
    expect(ua.sent[2].body).toContain('<rpid:on-the-phone/>');
    await scheduler.advance(48000);
    expect(headerValue(ua.sent[3], 'SIP-If-Match')).toBe('etag-9');
  });

  test('remove sends Expires: 0 with the ETag and stops refreshing', async () => {
    const { ua, scheduler, publication } = setup();
    ua.then(accepted('etag-1'), () => answer(200));
    await publication.publish('dnd');
    await publication.remove();
    expect(headerValue(ua.sent[1], 'Expires')).toBe('0');
    expect(headerValue(ua.sent[1], 'SIP-If-Match')).toBe('etag-1');
    expect(publication.state).toBeUndefined();
    await scheduler.advance(600000);
    expect(ua.sent).toHaveLength(2);
  });

  test('a refusal rejects with the status, and a timeout keeps retrying in the background until it works', async () => {
    const { ua, scheduler, publication, errors } = setup();
    ua.then(() => answer(403, {}, 'Forbidden'));
    await expect(publication.publish('dnd')).rejects.toThrow(new SipRequestFailedError('PUBLISH', 403, 'Forbidden'));

    ua.then(() => new SipTimeoutError('PUBLISH', 'pbx', 1), accepted('etag-1'));
    await expect(publication.publish('away')).rejects.toBeInstanceOf(SipTimeoutError);
    const sentBefore = ua.sent.length;
    await scheduler.advance(2000);
    expect(ua.sent.length).toBeGreaterThan(sentBefore);
    expect(ua.last().body).toContain('<rpid:away/>');
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });
});
