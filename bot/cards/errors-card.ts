import type { AdminError } from '../../src/service/admin/admin-service';
import { card, heading, paragraph, section, when, type AdaptiveCard } from './card';

export function errorsCard(errors: readonly AdminError[], shown = 8): AdaptiveCard {
  if (errors.length === 0) return card([heading('No recent errors', 'good'), paragraph('Nothing has gone wrong lately.')]);
  const newest = [...errors].sort((a, b) => b.at - a.at).slice(0, shown);
  return card([
    heading(
      `${errors.length} recent error${errors.length === 1 ? '' : 's'}${errors.length > shown ? `, newest ${shown}` : ''}`,
      'attention',
    ),
    ...newest.map((e) =>
      section(`${when(e.at)}: ${e.part}${e.code ? ` (${e.code})` : ''}`, [
        paragraph(e.message),
        ...(e.fix ? [paragraph(`Fix: ${e.fix}`, { tone: 'accent' })] : []),
      ]),
    ),
  ]);
}
