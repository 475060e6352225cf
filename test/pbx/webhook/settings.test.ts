import { WebhookSettingsError } from '../../../src/pbx/webhook/errors';
import { describeWebhookSettings, parseWebhookSettings } from '../../../src/pbx/webhook/settings';

const secret = 'a-very-secret-value-1234';

test('fills in defaults and freezes the result', () => {
  const settings = parseWebhookSettings({ routingUrl: 'https://pbx.example.com/presence', secret });
  expect(settings).toMatchObject({
    timeoutMs: 5_000,
    retry: { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 10_000 },
    downAfterFailures: 3,
    lineState: { enabled: true, toleranceSeconds: 300, mapping: { paths: { extension: 'extension' } } },
  });
  expect(Object.isFrozen(settings)).toBe(true);
});

test.each([
  ['a short secret', { routingUrl: 'https://x.example/p', secret: 'short' }, /secret: must be at least 16 characters/],
  ['no secret', { routingUrl: 'https://x.example/p' }, /secret: is required/],
  ['a non-http URL', { routingUrl: 'ftp://x.example/p', secret }, /routingUrl: must be an absolute http\(s\) URL/],
  ['a relative URL', { routingUrl: '/presence', secret }, /routingUrl: must be an absolute/],
  ['a tiny timeout', { routingUrl: 'https://x.example/p', secret, timeoutMs: 5 }, /timeoutMs/],
  [
    'a base delay above the maximum',
    { routingUrl: 'https://x.example/p', secret, retry: { baseDelayMs: 5_000, maxDelayMs: 1_000 } },
    /baseDelayMs must not exceed maxDelayMs/,
  ],
  ['nothing to do', { secret, lineState: { enabled: false } }, /configure a routingUrl/],
  [
    'a bad mapping',
    { routingUrl: 'https://x.example/p', secret, lineState: { mapping: { paths: { extension: 'e', state: 's' }, values: { a: 'busy' } } } },
    /lineState\.mapping\.values\.a/,
  ],
])('refuses %s with a message naming the field', (_name, input, message) => {
  expect(() => parseWebhookSettings(input)).toThrow(WebhookSettingsError);
  expect(() => parseWebhookSettings(input)).toThrow(message);
});

test('never puts the secret into an error message', () => {
  const leaky = 'leaky-but-short';
  try {
    parseWebhookSettings({ routingUrl: 'nope', secret: leaky });
    throw new Error('expected a failure');
  } catch (error) {
    expect((error as Error).message).not.toContain(leaky);
  }
});

test('the description for logs and APIs hides the secret', () => {
  const description = describeWebhookSettings(parseWebhookSettings({ routingUrl: 'https://x.example/p', secret }));
  expect(JSON.stringify(description)).not.toContain(secret);
  expect(description).toMatchObject({ routingUrl: 'https://x.example/p', secret: 'set' });
});
