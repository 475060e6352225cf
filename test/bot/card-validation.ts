/** Parses a card with the adaptivecards package (the renderer's own model) and returns its problems. */
import * as AC from 'adaptivecards';
import type { AdaptiveCard } from '../../bot/cards/card';

export function cardProblems(card: AdaptiveCard): string[] {
  const { msteams: _teamsOnly, ...standard } = card;
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(new AC.Version(1, 5));
  parsed.parse(standard, context);
  const problems = context.eventCount > 0 ? Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message) : [];
  for (const event of parsed.validateProperties().validationEvents) problems.push(event.message);
  if (JSON.stringify(parsed.toJSON(context)).length < 20) problems.push('the card parsed to nothing');
  return problems;
}
