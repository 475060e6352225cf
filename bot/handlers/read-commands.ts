/** The commands anyone in the tenant may use: they only read. */
import type { UserStatus } from '../../src/service/admin/admin-service';
import type { BotTurn } from '../bot-turn';
import { errorsCard } from '../cards/errors-card';
import { userListCard } from '../cards/list-card';
import { statusCard } from '../cards/status-card';
import { userCard, userChoiceCard } from '../cards/user-cards';
import type { BotDeps } from './bot-deps';

const TRACE_SHOWN = 5;

export async function showStatus(turn: BotTurn, deps: BotDeps): Promise<void> {
  const status = await deps.admin.status(turn.tenantId);
  const channel = await deps.alerts.channel(turn.tenantId);
  const card = statusCard(status, { alertChannel: channel, openAlerts: deps.alertEngine?.openAlerts(turn.tenantId) ?? [] });
  await replyOrReplace(turn, { text: `Status of ${status.displayName}`, card });
}

export async function showUser(turn: BotTurn, deps: BotDeps, who: string | undefined): Promise<void> {
  if (!who) {
    await turn.reply({ text: 'Whom should I look up? Say "user" and a name, e-mail address or extension, e.g. "user adele@contoso.com".' });
    return;
  }
  const found = await deps.admin.findUser(turn.tenantId, who);
  if (found.length === 0) {
    await turn.reply({ text: `No user matches "${who}". Try the e-mail address, the extension or more of the name.` });
    return;
  }
  if (found.length > 1) {
    await turn.reply({ text: `${found.length} users match "${who}".`, card: userChoiceCard(who, found) });
    return;
  }
  const trace = await deps.admin.trace(turn.tenantId, found[0].userId, TRACE_SHOWN);
  await turn.reply({ text: found[0].displayName ?? found[0].userId, card: userCard(found[0], trace) });
}

export function userList(kind: 'unmapped' | 'conflicts') {
  const status: UserStatus = kind === 'unmapped' ? 'unmatched' : 'conflict';
  const title = kind === 'unmapped' ? 'Teams users without an extension' : 'Mapping conflicts';
  const empty = kind === 'unmapped' ? 'Every Teams user is matched to an extension.' : 'No mapping conflicts.';
  const hint =
    kind === 'unmapped'
      ? 'Link a user to an extension in the tab (Users > Override), or give them a phone number or e-mail address the PBX knows.'
      : 'Each of these could belong to more than one extension. Link each one in the tab (Users > Override) or import a mapping CSV.';
  return async (turn: BotTurn, deps: BotDeps): Promise<void> => {
    const size = deps.pageSize ?? 10;
    const requested = Number(turn.data?.offset ?? 0);
    const offset = Number.isInteger(requested) && requested >= 0 ? requested : 0;
    const { total, rows } = await deps.admin.users(turn.tenantId, { status, offset, limit: size });
    await replyOrReplace(turn, { text: title, card: userListCard(title, kind, rows, { offset, size, total }, empty, hint) });
  };
}

export async function showErrors(turn: BotTurn, deps: BotDeps): Promise<void> {
  const status = await deps.admin.status(turn.tenantId);
  await turn.reply({
    text: status.errors.length === 0 ? 'No recent errors.' : `${status.errors.length} recent errors`,
    card: errorsCard(status.errors),
  });
}

/** A button on a card asks for a new version of that card (a page, a refresh): replace it in place. */
async function replyOrReplace(turn: BotTurn, message: Parameters<BotTurn['reply']>[0]): Promise<void> {
  if (turn.sourceMessageId) await turn.update(turn.sourceMessageId, message);
  else await turn.reply(message);
}
