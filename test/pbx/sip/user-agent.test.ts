import { SipTimeoutError, SipTransportError } from '../../../src/pbx/sip/sip-errors';
import { headerValue, headerValues, type SipRequest } from '../../../src/pbx/sip/sip-message';
import { parseSipMessage } from '../../../src/pbx/sip/sip-parse';
import { serialiseSipMessage } from '../../../src/pbx/sip/sip-serialise';
import { SipUserAgent } from '../../../src/pbx/sip/user-agent';
import { FakeScheduler } from './fake-scheduler';
import { MemoryTransport } from './memory-transport';

const pbx = { host: '127.0.0.1', port: 5060 };
const options: SipRequest = {
  kind: 'request',
  method: 'OPTIONS',
  uri: 'sip:127.0.0.1:5060',
  body: '',
  headers: [
    { name: 'Call-ID', value: 'c1' },
    { name: 'CSeq', value: '1 OPTIONS' },
  ],
};

function setup(credentials?: { username: string; password: string }, protocol: 'udp' | 'tcp' = 'udp') {
  const transport = new MemoryTransport(protocol);
  const scheduler = new FakeScheduler();
  const bad: string[] = [];
  const ua = new SipUserAgent({
    transport,
    scheduler,
    timers: { t1Ms: 500, t2Ms: 4000, timeoutMs: 32000 },
    userAgentName: 'PresenceBridge',
    onBadMessage: (error) => bad.push(error.message),
    credentials,
  });
  return { transport, scheduler, ua, bad };
}

const answerTo = (request: Buffer, status: string, branch?: string) => {
  const sent = parseSipMessage(request);
  const via = branch ? `SIP/2.0/UDP 127.0.0.1:5070;branch=${branch}` : headerValues(sent, 'Via')[0];
  return `SIP/2.0 ${status}\r\nVia: ${via}\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
};

describe('SipUserAgent', () => {
  test('sends a request with Via (branch, rport), Max-Forwards and User-Agent, and resolves with the matching answer', async () => {
    const { transport, ua } = setup();
    const result = ua.request(options, pbx);
    const sent = parseSipMessage(transport.out[0].data);
    expect(transport.out[0].to).toEqual(pbx);
    expect(headerValue(sent, 'Via')).toMatch(/^SIP\/2\.0\/UDP 127\.0\.0\.1:5070;branch=z9hG4bK\w+;rport$/);
    expect(headerValue(sent, 'Max-Forwards')).toBe('70');
    expect(headerValue(sent, 'User-Agent')).toBe('PresenceBridge');

    transport.deliver(answerTo(transport.out[0].data, '200 OK', 'z9hG4bKsomeoneelse'));
    transport.deliver(answerTo(transport.out[0].data, '200 Keepalive'));
    await expect(result).resolves.toMatchObject({ status: 200, reason: 'Keepalive' });
  });

  test('hands an incoming request to the handler once and answers its retransmission with the same answer', () => {
    const { transport, ua } = setup();
    const handled: string[] = [];
    ua.onRequest((request) => {
      handled.push(request.method);
      return { status: 200, reason: 'OK', toTag: 'ours' };
    });
    const notify =
      'NOTIFY sip:pb@127.0.0.1:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKn1\r\n' +
      'From: <sip:1002@pbx>;tag=p\r\nTo: <sip:pb@pbx>\r\nCall-ID: n1\r\nCSeq: 7 NOTIFY\r\nContent-Length: 0\r\n\r\n';
    transport.deliver(notify, { host: '127.0.0.1', port: 40000 });
    transport.deliver(notify, { host: '127.0.0.1', port: 40000 });
    expect(handled).toEqual(['NOTIFY']);
    expect(transport.out).toHaveLength(2);
    expect(transport.out[1].data.equals(transport.out[0].data)).toBe(true);
    const response = parseSipMessage(transport.out[0].data);
    expect(response).toMatchObject({ kind: 'response', status: 200 });
    expect(headerValue(response, 'To')).toBe('<sip:pb@pbx>;tag=ours');
    expect(headerValue(response, 'CSeq')).toBe('7 NOTIFY');
    // no rport in the Via: the answer goes to the Via's sent-by
    expect(transport.out[0].to).toEqual({ host: '127.0.0.1', port: 5060 });
  });

  test('drops an unreadable datagram and says why', () => {
    const { transport, bad } = setup();
    transport.deliver('garbage without a blank line');
    expect(transport.out).toHaveLength(0);
    expect(bad[0]).toMatch(/Unreadable SIP message/);
  });

  test('close rejects requests under way and refuses new ones with a SipTransportError', async () => {
    const { transport, ua } = setup();
    const pending = ua.request(options, pbx);
    await ua.close();
    await expect(pending).rejects.toBeInstanceOf(SipTransportError);
    await expect(ua.request(options, pbx)).rejects.toThrow(/stopped/);
    expect(transport.closed).toBe(true);
  });
});

test('serialised requests survive the trip through the parser', () => {
  const bytes = serialiseSipMessage(options);
  expect(parseSipMessage(bytes)).toMatchObject({ method: 'OPTIONS', uri: 'sip:127.0.0.1:5060' });
});

describe('SipUserAgent digest challenges', () => {
  const subscribe: SipRequest = {
    kind: 'request',
    method: 'SUBSCRIBE',
    uri: 'sip:1002@pbx',
    body: '',
    headers: [
      { name: 'Call-ID', value: 'c1' },
      { name: 'CSeq', value: '5 SUBSCRIBE' },
      { name: 'Event', value: 'dialog' },
    ],
  };
  const challenge = (request: Buffer, status: string, header: string, cseq = '5 SUBSCRIBE') =>
    `SIP/2.0 ${status}\r\nVia: ${headerValues(parseSipMessage(request), 'Via')[0]}\r\nCall-ID: c1\r\nCSeq: ${cseq}\r\n` +
    `${header}: Digest realm="pbx", nonce="n0nce", qop="auth", algorithm=MD5\r\nContent-Length: 0\r\n\r\n`;
  const flush = () => new Promise((resolve) => setImmediate(resolve));

  test.each([
    ['401 Unauthorized', 'WWW-Authenticate', 'Authorization'],
    ['407 Proxy Authentication Required', 'Proxy-Authenticate', 'Proxy-Authorization'],
  ])('a %s is answered once: the same request, the next CSeq, and %s -> %s', async (status, challengeHeader, answerHeader) => {
    const { transport, ua } = setup({ username: 'pb', password: 'secret' });
    const result = ua.request(subscribe, pbx);
    transport.deliver(challenge(transport.out[0].data, status, challengeHeader));
    await flush();
    expect(transport.out).toHaveLength(2);
    const retry = parseSipMessage(transport.out[1].data);
    expect(headerValue(retry, 'CSeq')).toBe('6 SUBSCRIBE');
    expect(headerValue(retry, 'Event')).toBe('dialog');
    expect(headerValue(retry, answerHeader)).toMatch(
      /^Digest username="pb", realm="pbx", nonce="n0nce", uri="sip:1002@pbx", response="[0-9a-f]{32}", algorithm=MD5, qop=auth, nc=00000001, cnonce="\w+"$/,
    );

    // Refused again (a wrong password): that answer is the result, with no third try.
    transport.deliver(challenge(transport.out[1].data, status, challengeHeader, '6 SUBSCRIBE'));
    await expect(result).resolves.toMatchObject({ status: Number(status.slice(0, 3)) });
    expect(transport.out).toHaveLength(2);
  });

  test('without credentials the challenge is the answer', async () => {
    const { transport, ua } = setup();
    const result = ua.request(subscribe, pbx);
    transport.deliver(challenge(transport.out[0].data, '401 Unauthorized', 'WWW-Authenticate'));
    await expect(result).resolves.toMatchObject({ status: 401 });
    expect(transport.out).toHaveLength(1);
  });
});

describe('SipUserAgent over TCP', () => {
  const notify =
    'NOTIFY sip:pb@127.0.0.1:5070;transport=tcp SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKt1\r\n' +
    'From: <sip:1002@pbx>;tag=p\r\nTo: <sip:pb@pbx>\r\nCall-ID: t1\r\nCSeq: 3 NOTIFY\r\nContent-Length: 0\r\n\r\n';

  test('says TCP in the Via, with rport and alias for connection reuse, and sends the request once', async () => {
    const { transport, ua, scheduler } = setup(undefined, 'tcp');
    const result = ua.request(options, pbx);
    const sent = parseSipMessage(transport.out[0].data);
    expect(headerValue(sent, 'Via')).toMatch(/^SIP\/2\.0\/TCP 127\.0\.0\.1:5070;branch=z9hG4bK\w+;rport;alias$/);
    await scheduler.advance(10000);
    expect(transport.out).toHaveLength(1);
    transport.deliver(answerTo(transport.out[0].data, '200 Keepalive'));
    await expect(result).resolves.toMatchObject({ status: 200 });
  });

  test('answers a request on the connection it came on', () => {
    const { transport, ua } = setup(undefined, 'tcp');
    ua.onRequest(() => ({ status: 200, reason: 'OK' }));
    const written: Buffer[] = [];
    transport.deliver(notify, { host: '127.0.0.1', port: 41000 }, { write: (data) => written.push(data) > 0 });
    expect(written).toHaveLength(1);
    expect(parseSipMessage(written[0])).toMatchObject({ kind: 'response', status: 200 });
    expect(transport.out).toHaveLength(0);
  });

  test("when that connection is gone, answers to the Via's sent-by instead", () => {
    const { transport, ua } = setup(undefined, 'tcp');
    ua.onRequest(() => ({ status: 200, reason: 'OK' }));
    transport.deliver(notify, { host: '127.0.0.1', port: 41000 }, { write: () => false });
    expect(transport.out).toHaveLength(1);
    expect(transport.out[0].to).toEqual({ host: '127.0.0.1', port: 5060 });
  });

  test('no answer within Timer F: the connection to the PBX is dropped so that the next request connects afresh', async () => {
    const { transport, ua, scheduler } = setup(undefined, 'tcp');
    const result = ua.request(options, pbx).catch((e: Error) => e);
    await scheduler.advance(31999);
    expect(transport.dropped).toEqual([]);
    await scheduler.advance(1);
    expect((await result) as Error).toBeInstanceOf(SipTimeoutError);
    expect(transport.dropped).toEqual([pbx]);
  });

  test('a request whose connection cannot be opened fails at once with the reason', async () => {
    const { transport, ua } = setup(undefined, 'tcp');
    transport.failSends = new SipTransportError('Cannot connect to the PBX at 127.0.0.1:5060 over TCP: connect ECONNREFUSED');
    await expect(ua.request(options, pbx)).rejects.toThrow(/^Cannot connect to the PBX at 127\.0\.0\.1:5060 over TCP/);
  });
});
