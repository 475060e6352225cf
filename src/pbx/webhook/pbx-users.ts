/**
 * The users URL's answer: a JSON array of PbxUser, checked whole (one bad row refuses the list, nothing
 * half-imported). A row may also carry the extension's present line state (`lineState`, in our words, and
 * `lineStateAt` in ms since epoch): then the list is also how the service learns, at start-up, what happened
 * on the phones while it was down.
 */
import { z } from 'zod';
import { LINE_STATES } from '../../sync/states';
import { ConnectorError, type LineStateReport } from '../connector';
import type { PbxUser } from '../../identity/types';

const extension = z.union([z.string().trim().min(1), z.number().int().nonnegative()]).transform(String);

const pbxUserSchema = z.object({
  extension,
  displayName: z.string().optional(),
  email: z.string().optional(),
  phoneNumber: z.string().optional(),
  username: z.string().optional(),
});

/** Read apart from the identity fields: a list whose line states are unusable still serves for matching. */
const lineStateRowSchema = z.object({
  extension,
  lineState: z.enum(LINE_STATES).optional(),
  lineStateAt: z.number().int().nonnegative().optional(),
});

const pbxUserListSchema = z.array(pbxUserSchema);

/** The line states the list reports (rows without `lineState` say nothing); `nowMs` stands in for a missing time. */
export function parsePbxLineStates(text: string, nowMs: number): LineStateReport[] {
  const result = z.array(lineStateRowSchema).safeParse(parseJson(text));
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ConnectorError(
      `The line states in the PBX users list are not usable (at ${first.path.join('.')}: ${first.message}): "lineState" must be one of ${LINE_STATES.join(', ')} and "lineStateAt" ms since epoch.`,
      false,
    );
  }
  return result.data.flatMap((row) =>
    row.lineState === undefined ? [] : [{ extension: row.extension, state: row.lineState, at: row.lineStateAt ?? nowMs }],
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConnectorError('The PBX users URL did not answer with JSON: it must return a JSON array of users.', false);
  }
}

export function parsePbxUserList(text: string): PbxUser[] {
  const result = pbxUserListSchema.safeParse(parseJson(text));
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first.path.length ? `at ${first.path.join('.')}` : 'at the top';
    throw new ConnectorError(
      `The PBX users list is not usable (${where}: ${first.message}): expected [{"extension": "1001", "displayName"?, "email"?, "phoneNumber"?, "username"?}, ...].`,
      false,
    );
  }
  const seen = new Set<string>();
  for (const user of result.data) {
    if (seen.has(user.extension)) {
      throw new ConnectorError(`The PBX users list names extension ${user.extension} twice: each extension must appear once.`, false);
    }
    seen.add(user.extension);
  }
  return result.data;
}
