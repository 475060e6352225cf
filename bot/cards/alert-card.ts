import type { AlertMessage } from '../../src/alerts/alert-types';
import { duration } from '../../src/alerts/alert-conditions';
import { card, heading, paragraph, when, type AdaptiveCard } from './card';

const ICON = { critical: '🔴', warning: '🟠', info: '🔵' } as const;

export function alertCard(message: AlertMessage): AdaptiveCard {
  if (message.kind === 'resolved') {
    return card([
      heading(`✅ Resolved: ${message.title}`, 'good'),
      paragraph(`Cleared at ${when(message.at)}, ${duration(message.at - message.openedAt)} after it was raised.`, { subtle: true }),
    ]);
  }
  return card([
    heading(
      `${ICON[message.severity]} ${message.title}`,
      message.severity === 'critical' ? 'attention' : message.severity === 'warning' ? 'warning' : 'accent',
    ),
    paragraph(message.text),
    ...(message.fix ? [paragraph(`Fix: ${message.fix}`)] : []),
    paragraph(
      `${message.severity}${message.code ? `, ${message.code}` : ''}, since ${when(message.openedAt)}. A message follows here when it is resolved.`,
      { subtle: true },
    ),
  ]);
}

/** The notification preview line of an alert card. */
export function alertSummary(message: AlertMessage): string {
  return message.kind === 'resolved' ? `Resolved: ${message.title}` : `${ICON[message.severity]} ${message.title}`;
}
