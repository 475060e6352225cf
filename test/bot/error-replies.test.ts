import { AdminCheckError } from '../../bot/admin-directory';
import type { BotMessage, BotTurn } from '../../bot/bot-turn';
import { handleTurn } from '../../bot/command-table';
import type { BotDeps } from '../../bot/handlers/bot-deps';
import { KeyFileUnsafeError } from '../../src/store/errors';

const TENANT = 'contoso-tenant';

/** One "status" turn whose admin service fails with `statusError`, or whose admin check fails with `checkError`. */
async function replyTo(failure: { statusError?: unknown; checkError?: unknown }): Promise<string | undefined> {
  const replies: BotMessage[] = [];
  const turn = {
    tenantId: TENANT,
    user: { aadObjectId: 'admin-1', name: 'Adele' },
    conversation: { kind: 'personal', id: 'a:1' },
    text: 'status',
    reply: async (message: BotMessage) => void replies.push(message),
  } as unknown as BotTurn;
  const deps = {
    admin: {
      tenantIds: () => [TENANT],
      status: async () => {
        throw failure.statusError;
      },
    },
    adminDirectory: {
      isTenantAdmin: async () => {
        if (failure.checkError) throw failure.checkError;
        return true;
      },
    },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  } as unknown as BotDeps;
  await handleTurn(turn, deps);
  return replies.at(-1)?.text;
}

describe("the bot tells what went wrong from the error's shape", () => {
  it("says a coded error's problem and its fix", async () => {
    expect(await replyTo({ statusError: new KeyFileUnsafeError('/etc/pb/key', 0o644) })).toBe(
      '"status" did not work: the key file /etc/pb/key is readable by other users (mode 0644); Fix: restrict it with `chmod 600 /etc/pb/key`.',
    );
  });

  it("says any other error's message as it is", async () => {
    expect(await replyTo({ statusError: new Error('database is locked') })).toBe('"status" did not work: database is locked');
  });

  it('explains a failed admin check with its fix', async () => {
    expect(await replyTo({ checkError: new AdminCheckError(TENANT, new Error('Graph 503')) })).toBe(
      `Could not check your admin roles in tenant ${TENANT}: Graph 503. Fix: check the "errors" list; the app needs the Graph permission User.Read.All.`,
    );
  });
});
