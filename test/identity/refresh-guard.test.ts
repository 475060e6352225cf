import { judgeMappingChange } from '../../src/identity/refresh-guard';
import type { MappingEntry } from '../../src/identity/types';
import { TENANT } from './identity-fixtures';

const entries = (pairs: string): MappingEntry[] =>
  pairs
    .split(' ')
    .filter(Boolean)
    .map((pair) => {
      const [userId, extension] = pair.split('>');
      return { tenantId: TENANT, userId, extension, matchedBy: 'upn' };
    });

const ten = 'a>1 b>2 c>3 d>4 e>5 f>6 g>7 h>8 i>9 j>10';

describe('judgeMappingChange', () => {
  test.each<[string, string, string, string[], { dropped: string[]; added: string[]; moved: string[]; tooManyDropped: boolean }]>([
    ['nothing changes', ten, ten, [], { dropped: [], added: [], moved: [], tooManyDropped: false }],
    [
      'exactly the allowed share may go',
      ten,
      'a>1 b>2 c>3 d>4 e>5 f>6 g>7 h>8 i>9',
      [],
      { dropped: ['j'], added: [], moved: [], tooManyDropped: false },
    ],
    [
      'more than the allowed share is refused',
      ten,
      'a>1 b>2 c>3 d>4 e>5 f>6 g>7 h>8',
      [],
      { dropped: ['i', 'j'], added: [], moved: [], tooManyDropped: true },
    ],
    [
      'admin exclusions do not count',
      ten,
      'a>1 b>2 c>3 d>4 e>5 f>6 g>7 h>8',
      ['i', 'j'],
      { dropped: [], added: [], moved: [], tooManyDropped: false },
    ],
    [
      'moved and added users are not dropped',
      'a>1 b>2',
      'a>2 b>1 c>3',
      [],
      { dropped: [], added: ['c'], moved: ['a', 'b'], tooManyDropped: false },
    ],
    ['a first mapping drops nothing', '', 'a>1', [], { dropped: [], added: ['a'], moved: [], tooManyDropped: false }],
    ['losing everyone is refused', 'a>1', '', [], { dropped: ['a'], added: [], moved: [], tooManyDropped: true }],
  ])('%s', (_name, current, next, excluded, expected) => {
    const change = judgeMappingChange({
      current: entries(current),
      next: entries(next),
      excludedByOverride: new Set(excluded),
      maxDropShare: 0.1,
    });
    expect(change).toEqual(expect.objectContaining(expected));
  });
});
