import type { DialogEntry, DialogInfoDocument, DialogState } from '../../../src/pbx/sip/dialog-info';
import { aggregateLineState, DialogBook } from '../../../src/pbx/sip/line-state-aggregate';
import type { LineState } from '../../../src/sync/states';

const d = (state: DialogState, held = false, id = `${state}${held ? '-held' : ''}`): DialogEntry => ({ id, state, held });

describe('aggregateLineState', () => {
  test.each<[string, DialogEntry[], LineState]>([
    ['no dialogs', [], 'idle'],
    ['only finished dialogs', [d('terminated'), d('terminated', false, 'x')], 'idle'],
    ['one trying', [d('trying')], 'ringing'],
    ['one proceeding', [d('proceeding')], 'ringing'],
    ['one early', [d('early')], 'ringing'],
    ['one confirmed', [d('confirmed')], 'onCall'],
    ['confirmed beside a finished one', [d('terminated'), d('confirmed')], 'onCall'],
    ['confirmed beside a ringing second call', [d('early'), d('confirmed')], 'onCall'],
    ['one confirmed on hold', [d('confirmed', true)], 'held'],
    ['a held call and an active call', [d('confirmed', true), d('confirmed')], 'onCall'],
    ['a held call and a ringing second call', [d('confirmed', true), d('early')], 'held'],
    ['an early dialog marked held counts as ringing', [d('early', true)], 'ringing'],
  ])('%s -> %s', (_, dialogs, expected) => {
    expect(aggregateLineState(dialogs)).toBe(expected);
  });
});

describe('DialogBook', () => {
  const full = (version: number, ...dialogs: DialogEntry[]): DialogInfoDocument => ({ entity: 'e', version, kind: 'full', dialogs });
  const partial = (version: number, ...dialogs: DialogEntry[]): DialogInfoDocument => ({ entity: 'e', version, kind: 'partial', dialogs });

  test.each<[string, DialogInfoDocument[], LineState]>([
    [
      'a call rings, is answered and ends (full documents)',
      [full(1, d('early', false, 'c1')), full(2, d('confirmed', false, 'c1')), full(3, d('terminated', false, 'c1'))],
      'idle',
    ],
    [
      'a partial update adds a second ringing call to a call in progress',
      [full(1, d('confirmed', false, 'c1')), partial(2, d('early', false, 'c2'))],
      'onCall',
    ],
    [
      'a partial update ends one of two calls',
      [full(1, d('confirmed', false, 'c1'), d('early', false, 'c2')), partial(2, d('terminated', false, 'c1'))],
      'ringing',
    ],
    [
      'a full document replaces what partial ones said',
      [full(1, d('confirmed', false, 'c1')), partial(2, d('early', false, 'c2')), full(3)],
      'idle',
    ],
    ['a stale (older) document is ignored', [full(4, d('confirmed', false, 'c1')), full(3)], 'onCall'],
    ['a repeated version is ignored', [full(1, d('early', false, 'c1')), full(1)], 'ringing'],
  ])('%s', (_, documents, expected) => {
    const book = new DialogBook();
    for (const document of documents) book.apply(document);
    expect(book.lineState()).toBe(expected);
  });

  test('says whether it applied a document', () => {
    const book = new DialogBook();
    expect(book.apply(full(2))).toBe(true);
    expect(book.apply(full(2))).toBe(false);
    expect(book.apply(full(1))).toBe(false);
    expect(book.apply(full(3))).toBe(true);
  });
});
