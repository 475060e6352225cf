/** The commands that change something: only for admins (the command table checks that first). */
import type { BotTurn } from '../bot-turn';
import { syncDoneCard, syncFailedCard, syncStartedCard } from '../cards/sync-card';
import { userChoiceCard } from '../cards/user-cards';
import { when } from '../cards/card';
import type { BotDeps } from './bot-deps';

export async function syncNow(turn: BotTurn, deps: BotDeps): Promise<void> {
  const by = turn.user.name;
  const messageId = await turn.reply({ text: 'Sync running', card: syncStartedCard(by, deps.clock.now()) });
  // A sync of a big tenant takes longer than Teams waits for a turn: it runs on, and the card is updated.
  turn.background(async () => {
    let done: Parameters<BotTurn['reply']>[0];
    try {
      const { refresh, sweep } = await deps.admin.syncNow(turn.tenantId);
      done = {
        text: 'Sync done',
        card: syncDoneCard(
          by,
          { outcome: refresh.outcome, mapped: refresh.mapped, users: sweep.users, changes: sweep.changes, alert: refresh.alert?.message },
          deps.clock.now(),
        ),
      };
    } catch (error) {
      done = { text: 'Sync failed', card: syncFailedCard(by, error instanceof Error ? error.message : String(error), deps.clock.now()) };
    }
    if (messageId) await turn.update(messageId, done);
    else await turn.reply(done);
  });
}

export function pauseOrResume(action: 'pause' | 'resume') {
  return async (turn: BotTurn, deps: BotDeps, who: string | undefined): Promise<void> => {
    const by = turn.user.name;
    const run = (userId: string | null) =>
      action === 'pause' ? deps.admin.pause(turn.tenantId, userId, by) : deps.admin.resume(turn.tenantId, userId, by);
    if (!who) {
      const touched = await run(null);
      const at = when(deps.clock.now());
      await turn.reply({
        text:
          action === 'pause'
            ? `⏸️ Sync is paused for the whole tenant (${touched} users) by ${by} at ${at}. Say "resume" to start it again.`
            : `▶️ Sync resumed for the whole tenant (${touched} users) by ${by} at ${at}.`,
      });
      return;
    }
    const found = await deps.admin.findUser(turn.tenantId, who);
    if (found.length === 0) {
      await turn.reply({ text: `No user matches "${who}"; nothing was ${action === 'pause' ? 'paused' : 'resumed'}.` });
      return;
    }
    if (found.length > 1) {
      await turn.reply({ text: `${found.length} users match "${who}"; which one?`, card: userChoiceCard(who, found, action) });
      return;
    }
    const user = found[0];
    await run(user.userId);
    const name = user.displayName ?? user.userPrincipalName ?? user.userId;
    await turn.reply({
      text:
        action === 'pause'
          ? `⏸️ Sync is paused for ${name} by ${by} at ${when(deps.clock.now())}.`
          : `▶️ Sync resumed for ${name} by ${by} at ${when(deps.clock.now())}.`,
    });
  };
}

export async function alertsHere(turn: BotTurn, deps: BotDeps): Promise<void> {
  if (turn.conversation.kind === 'personal') {
    await turn.reply({ text: 'Alerts go to a team channel: @mention me there with "alerts here". In this chat I answer questions only.' });
    return;
  }
  // Through the admin service, like every admin change: it lands in the audit log.
  await deps.admin.setAlertChannel(
    turn.tenantId,
    { reference: turn.conversationReference(), name: turn.conversation.name || undefined },
    turn.user.name,
  );
  deps.log.info({ tenantId: turn.tenantId, conversation: turn.conversation.id, by: turn.user.aadObjectId }, 'alert channel chosen');
  await turn.reply({
    text: `🔔 Alerts for this tenant now come to ${turn.conversation.name ? `"${turn.conversation.name}"` : 'this conversation'} (set by ${turn.user.name}). Say "alerts off" to stop them.`,
  });
  await deps.alertEngine?.deliverNow(turn.tenantId);
}

export async function alertsOff(turn: BotTurn, deps: BotDeps): Promise<void> {
  const had = await deps.admin.clearAlertChannel(turn.tenantId, turn.user.name);
  deps.log.info({ tenantId: turn.tenantId, by: turn.user.aadObjectId }, 'alert channel cleared');
  await turn.reply({
    text: had
      ? `🔕 Alerts are off (by ${turn.user.name}). They are kept and shown in the tab; say "alerts here" in a channel to get them again.`
      : 'Alerts were not going anywhere yet. Say "alerts here" in the channel that should get them.',
  });
}
