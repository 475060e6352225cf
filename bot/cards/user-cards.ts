import type { UserRow } from '../../src/service/admin/admin-service';
import type { TraceEntry } from '../../src/sync/types';
import { card, facts, heading, paragraph, plain, section, submit, when, type AdaptiveCard } from './card';

export function userCard(user: UserRow, trace: readonly TraceEntry[]): AdaptiveCard {
  const name = plain(user.displayName ?? user.userPrincipalName ?? user.userId);
  return card(
    [
      heading(name),
      facts([
        ['Sign-in name', user.userPrincipalName ?? '-'],
        ['Extension', user.extension ?? '-'],
        ['Mapping', `${user.status}${user.matchedBy ? ` (by ${user.matchedBy})` : ''}`],
        ['Teams presence', user.teams ? `${user.teams.availability} / ${user.teams.activity}` : 'unknown'],
        ['Line state', user.line ?? 'unknown'],
        ['PBX routing', user.routing ?? 'unknown'],
        ['Sync', user.paused ? `paused by ${user.paused.by} since ${when(user.paused.at)}` : 'running'],
      ]),
      section(
        'Last decisions',
        trace.length === 0
          ? [paragraph('No decisions recorded yet.', { subtle: true })]
          : trace.map((t) =>
              paragraph(
                `${when(t.at).slice(11)} ${t.direction === 'teamsToPbx' ? 'Teams → PBX' : 'PBX → Teams'}: ${t.event}: **${t.outcome}**, ${t.reason}${t.result ? ` (${t.result})` : ''}`,
              ),
            ),
      ),
    ],
    [
      user.paused
        ? submit('Resume this user', { command: 'resume', args: user.userPrincipalName ?? user.userId })
        : submit('Pause this user', { command: 'pause', args: user.userPrincipalName ?? user.userId }),
    ],
  );
}

/** Several users matched: a short list to pick from. */
export function userChoiceCard(who: string, users: readonly UserRow[], command = 'user'): AdaptiveCard {
  const shown = users.slice(0, 8);
  return card(
    [
      heading(`${users.length} users match "${plain(who)}"`),
      paragraph(
        users.length > shown.length
          ? `The first ${shown.length}; type more of the name or the e-mail address to narrow it down.`
          : 'Which one?',
        { subtle: true },
      ),
    ],
    shown.map((u) =>
      submit(`${u.displayName ?? u.userId}${u.userPrincipalName ? ` (${u.userPrincipalName})` : ''}`, {
        command,
        args: u.userPrincipalName ?? u.userId,
      }),
    ),
  );
}
