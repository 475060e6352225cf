/** One logger for the service. Secrets are redacted by key wherever they appear in a logged object. */
import pino, { type Logger } from 'pino';

export type { Logger };

const SECRET_KEYS = [
  'secret',
  'clientSecret',
  'previousSecret',
  'password',
  'appPassword',
  'secretKey',
  'keyPem',
  'privateKey',
  'privateKeyPem',
  'clientAssertion',
  'authorization',
  'accessToken',
  'token',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]), censor: '[redacted]' },
      base: { service: 'presence-bridge' },
    },
    destination,
  );
}
