import { card, facts, heading, paragraph, when, type AdaptiveCard } from './card';

export function syncStartedCard(by: string, at: number): AdaptiveCard {
  return card([
    heading('⏳ Sync running'),
    paragraph(`${by} started a directory refresh and a full presence sweep at ${when(at)}. This card changes when it is done.`),
  ]);
}

export function syncDoneCard(
  by: string,
  result: { outcome: string; mapped: number; users: number; changes: number; alert?: string },
  at: number,
): AdaptiveCard {
  return card([
    heading(result.alert ? '⚠️ Sync done, directory kept' : '✅ Sync done', result.alert ? 'warning' : 'good'),
    facts([
      ['Started by', by],
      ['Directory', `${result.outcome}, ${result.mapped.toLocaleString('en-US')} users mapped`],
      ['Sweep', `${result.users.toLocaleString('en-US')} users read, ${result.changes.toLocaleString('en-US')} changes`],
      ['Finished', when(at)],
    ]),
    ...(result.alert ? [paragraph(result.alert, { tone: 'warning' })] : []),
  ]);
}

export function syncFailedCard(by: string, reason: string, at: number): AdaptiveCard {
  return card([
    heading('❌ Sync failed', 'attention'),
    paragraph(reason),
    paragraph(`Started by ${by}; failed at ${when(at)}.`, { subtle: true }),
  ]);
}
