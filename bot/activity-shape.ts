/**
 * The fields every inbound Bot Framework activity carries (Bot Framework Activity schema; Teams always sends
 * them). botbuilder itself only checks `type`, and fails with a 500 deeper inside on anything less, so an
 * activity without them is refused here with 400 naming what is missing.
 */
import { z } from 'zod';

const account = z.object(
  { id: z.string({ error: 'must be a string' }).min(1, 'must not be empty') },
  { error: 'must be an object with an id' },
);

const activitySchema = z.object(
  {
    type: z.string({ error: 'must be a string such as "message"' }).min(1, 'must not be empty'),
    channelId: z.string({ error: 'must be a string such as "msteams"' }).min(1, 'must not be empty'),
    serviceUrl: z.string({ error: 'must be the Bot Connector URL' }).regex(/^https?:\/\/\S+$/i, 'must be an http(s) URL'),
    from: account,
    recipient: account,
    conversation: account,
  },
  { error: 'must be a JSON object (a Bot Framework activity)' },
);

/** What is wrong with a request body as an inbound activity, or undefined when it has the required shape. */
export function activityProblem(body: unknown): string | undefined {
  const parsed = activitySchema.safeParse(body);
  if (parsed.success) return undefined;
  const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : 'the body'}: ${i.message}`);
  return `This is not a Bot Framework activity (${problems.join('; ')}). Only the Bot Connector posts here.`;
}
