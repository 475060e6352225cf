/**
 * The one table from what an admin types to what runs. Each entry: how it is written, what it does, who may
 * run it (an admin, for every command that changes something or shows other people's data), and its handler.
 */
import { UnknownTenantError } from '../src/service/admin/admin-service';
import { isCodedError } from '../src/coded-error';
import { AdminCheckError } from './admin-directory';
import type { BotTurn } from './bot-turn';
import { helpCard } from './cards/help-card';
import type { BotDeps } from './handlers/bot-deps';
import { alertsHere, alertsOff, pauseOrResume, syncNow } from './handlers/change-commands';
import { showErrors, showStatus, showUser, userList } from './handlers/read-commands';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /**
   * admin: Global/Teams Administrators and the admin group only: every command that changes something or shows
   * other people's data (presence, traces, the user lists, the tenant's errors). anyone: help.
   */
  access: 'admin' | 'anyone';
  /** Changes something (the refusal says so). */
  mutating: boolean;
  /** Matched against the normalised text; the first group, when present, is the argument. */
  pattern: RegExp;
  run(turn: BotTurn, deps: BotDeps, argument: string | undefined): Promise<void>;
}

export const COMMANDS: readonly Command[] = [
  {
    name: 'help',
    usage: 'help',
    summary: 'what I can do',
    access: 'anyone',
    mutating: false,
    pattern: /^(?:help|\?|hi|hello)$/,
    run: (turn) => turn.reply({ text: 'PresenceBridge commands', card: helpCard(helpEntries()) }).then(() => undefined),
  },
  {
    name: 'status',
    usage: 'status',
    summary: 'health, users, sweep, budget, latency, secret expiry',
    access: 'admin',
    mutating: false,
    pattern: /^status$/,
    run: showStatus,
  },
  {
    name: 'sync now',
    usage: 'sync now',
    summary: 'refresh the directory and sweep all presence now',
    access: 'admin',
    mutating: true,
    pattern: /^sync(?: now)?$/,
    run: syncNow,
  },
  {
    name: 'user',
    usage: 'user <name or e-mail>',
    summary: 'mapping, both states and the last decisions',
    access: 'admin',
    mutating: false,
    pattern: /^user(?: (.+))?$/,
    run: showUser,
  },
  {
    name: 'unmapped',
    usage: 'unmapped',
    summary: 'Teams users without an extension',
    access: 'admin',
    mutating: false,
    pattern: /^unmapped$/,
    run: userList('unmapped'),
  },
  {
    name: 'conflicts',
    usage: 'conflicts',
    summary: 'users with more than one possible extension',
    access: 'admin',
    mutating: false,
    pattern: /^conflicts$/,
    run: userList('conflicts'),
  },
  {
    name: 'errors',
    usage: 'errors',
    summary: 'recent problems and how to fix them',
    access: 'admin',
    mutating: false,
    pattern: /^errors$/,
    run: showErrors,
  },
  {
    name: 'pause',
    usage: 'pause [user]',
    summary: 'pause sync for the tenant or one user',
    access: 'admin',
    mutating: true,
    pattern: /^pause(?: (.+))?$/,
    run: pauseOrResume('pause'),
  },
  {
    name: 'resume',
    usage: 'resume [user]',
    summary: 'resume sync for the tenant or one user',
    access: 'admin',
    mutating: true,
    pattern: /^resume(?: (.+))?$/,
    run: pauseOrResume('resume'),
  },
  {
    name: 'alerts here',
    usage: 'alerts here',
    summary: 'send alerts to this channel',
    access: 'admin',
    mutating: true,
    pattern: /^alerts? here$/,
    run: alertsHere,
  },
  {
    name: 'alerts off',
    usage: 'alerts off',
    summary: 'stop sending alerts to a channel',
    access: 'admin',
    mutating: true,
    pattern: /^alerts? off$/,
    run: alertsOff,
  },
];

export function helpEntries(): Array<{ usage: string; summary: string; adminOnly: boolean }> {
  return COMMANDS.map((c) => ({ usage: c.usage, summary: c.summary, adminOnly: c.access === 'admin' }));
}

export interface ParsedCommand {
  command: Command;
  argument?: string;
}

/** Case and spacing do not matter for the command word; the argument keeps its case. */
export function parseCommand(text: string): ParsedCommand | undefined {
  const clean = text.replace(/\s+/g, ' ').trim();
  for (const command of COMMANDS) {
    const m = command.pattern.exec(clean.toLowerCase());
    if (!m) continue;
    const argument = m[1] === undefined ? undefined : clean.slice(clean.length - m[1].length).trim();
    return { command, argument: argument || undefined };
  }
  return undefined;
}

/** What the bot says about a failure: a coded error's problem and fix, read from its shape; any other error's message. */
function errorText(error: unknown): string {
  if (!isCodedError(error)) return (error as Error).message;
  const view = error.adminView();
  return `${view.message} Fix: ${view.fix}`;
}

/** Runs one turn: parse, check the tenant and the right to change, run, and answer errors in plain words. */
export async function handleTurn(turn: BotTurn, deps: BotDeps): Promise<void> {
  const text =
    typeof turn.data?.command === 'string'
      ? [turn.data.command, turn.data.args].filter((p) => typeof p === 'string' && p !== '').join(' ')
      : turn.text;
  const parsed = parseCommand(text);
  if (!parsed) {
    const said = text.trim();
    await turn.reply({
      text: said ? `I did not understand "${said}".` : 'PresenceBridge commands',
      card: helpCard(helpEntries(), said || undefined),
    });
    return;
  }
  if (!deps.admin.tenantIds().includes(turn.tenantId)) {
    await turn.reply({ text: new UnknownTenantError(turn.tenantId).message });
    return;
  }
  if (parsed.command.access !== 'anyone') {
    let allowed: boolean;
    try {
      allowed = await deps.adminDirectory.isTenantAdmin(turn.tenantId, turn.user.aadObjectId);
    } catch (error) {
      deps.log.warn({ tenantId: turn.tenantId, err: (error as Error).message }, 'admin check failed');
      await turn.reply({
        text:
          error instanceof AdminCheckError
            ? errorText(error)
            : `Could not check whether you may run "${parsed.command.name}"; nothing was changed. Try again in a minute.`,
      });
      return;
    }
    if (!allowed) {
      await turn.reply({
        text: `Sorry ${turn.user.name}, "${parsed.command.name}" ${parsed.command.mutating ? 'changes how PresenceBridge runs' : "shows other people's presence and sync data"}, so only a Global Administrator or Teams Administrator of this tenant, or a member of the PresenceBridge admin group, can ${parsed.command.mutating ? 'do it' : 'see it'}. Ask one of them, or ask to be added to the admin group. Your own sync trace is in the PresenceBridge tab (My trace).`,
      });
      return;
    }
  }
  try {
    await parsed.command.run(turn, deps, parsed.argument);
  } catch (error) {
    deps.log.error({ tenantId: turn.tenantId, command: parsed.command.name, err: (error as Error).message }, 'bot command failed');
    await turn.reply({ text: `"${parsed.command.name}" did not work: ${errorText(error)}` });
  }
}
