/** SipMessage -> bytes, with a Content-Length computed from the body in bytes (UTF-8). */
import type { SipMessage } from './sip-message';

export function serialiseSipMessage(message: SipMessage): Buffer {
  const startLine = message.kind === 'request' ? `${message.method} ${message.uri} SIP/2.0` : `SIP/2.0 ${message.status} ${message.reason}`;
  const body = Buffer.from(message.body, 'utf8');
  const lines = [
    startLine,
    ...message.headers.filter((h) => h.name !== 'Content-Length').map((h) => `${h.name}: ${h.value}`),
    `Content-Length: ${body.length}`,
  ];
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8'), body]);
}
