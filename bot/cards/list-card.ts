import type { UserRow } from '../../src/service/admin/admin-service';
import { card, heading, paragraph, plain, submit, type AdaptiveCard, type CardAction } from './card';

export interface Page {
  offset: number;
  size: number;
  total: number;
}

/** One page of users with previous/next buttons that ask for the neighbouring page. */
export function userListCard(
  title: string,
  command: string,
  rows: readonly UserRow[],
  page: Page,
  empty: string,
  hint: string,
): AdaptiveCard {
  if (page.total === 0) return card([heading(title), paragraph(empty)]);
  const last = Math.min(page.offset + rows.length, page.total);
  const actions: CardAction[] = [];
  if (page.offset > 0) actions.push(submit('Previous', { command, offset: Math.max(0, page.offset - page.size) }));
  if (last < page.total) actions.push(submit('Next', { command, offset: page.offset + page.size }));
  return card(
    [
      heading(`${title}: ${page.offset + 1}–${last} of ${page.total.toLocaleString('en-US')}`),
      {
        type: 'Container',
        items: rows.map((u) =>
          paragraph(
            `**${plain(u.displayName ?? u.userId)}**${u.userPrincipalName ? ` ${plain(u.userPrincipalName)}` : ''}${u.extension ? `, extension ${u.extension}` : ''}${u.matchedBy ? ` (${u.matchedBy})` : ''}`,
          ),
        ),
      },
      paragraph(hint, { subtle: true }),
    ],
    actions,
  );
}
