import { card, facts, heading, paragraph, submit, type AdaptiveCard } from './card';

export interface CommandHelp {
  usage: string;
  summary: string;
  adminOnly: boolean;
}

export function helpCard(commands: readonly CommandHelp[], notUnderstood?: string): AdaptiveCard {
  return card(
    [
      heading('PresenceBridge'),
      ...(notUnderstood !== undefined
        ? [paragraph(`I did not understand "${notUnderstood}". This is what I can do:`, { tone: 'warning' })]
        : [paragraph('Keeps Teams presence and PBX line state in step. Ask me:')]),
      facts(commands.map((c) => [c.usage, c.adminOnly ? `${c.summary} (admins)` : c.summary])),
      paragraph('In a channel, @mention me first. Changes are for Global or Teams Administrators and the PresenceBridge admin group.', {
        subtle: true,
      }),
    ],
    [submit('Status', { command: 'status' }), submit('Errors', { command: 'errors' })],
  );
}
