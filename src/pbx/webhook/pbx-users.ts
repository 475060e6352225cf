/** The users URL's answer: a JSON array of PbxUser, checked whole (one bad row refuses the list, nothing half-imported). */
import { z } from 'zod';
import { ConnectorError, type PbxUser } from '../connector';

const extension = z.union([z.string().trim().min(1), z.number().int().nonnegative()]).transform(String);

const pbxUserSchema = z.object({
  extension,
  displayName: z.string().optional(),
  email: z.string().optional(),
  phoneNumber: z.string().optional(),
  username: z.string().optional(),
});

const pbxUserListSchema = z.array(pbxUserSchema);

export function parsePbxUserList(text: string): PbxUser[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConnectorError('The PBX users URL did not answer with JSON: it must return a JSON array of users.', false);
  }
  const result = pbxUserListSchema.safeParse(json);
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
