import { createSimLines } from '../../../src/sim/pbx/sim-lines';

const clock = { now: () => 1_000 };

describe('setUsers', () => {
  test('keeps the line state of extensions that stay, drops removed ones and adds new ones idle', () => {
    const lines = createSimLines([{ extension: '1001' }, { extension: '1002' }], clock);
    lines.setLine('1001', 'onCall');
    lines.setUsers([{ extension: '1001' }, { extension: '1003' }]);
    expect(lines.get('1001').line.state).toBe('onCall');
    expect(lines.has('1002')).toBe(false);
    expect(lines.get('1003').line.state).toBe('idle');
    expect(lines.users().map((u) => u.extension)).toEqual(['1001', '1003']);
  });

  test('replaces a large user list with another without losing or keeping extensions', () => {
    const first = Array.from({ length: 50_000 }, (_, i) => ({ extension: String(100_000 + i) }));
    const second = Array.from({ length: 50_000 }, (_, i) => ({ extension: String(125_000 + i) }));
    const lines = createSimLines(first, clock);
    lines.setUsers(second);
    expect(Object.keys(lines.snapshot())).toHaveLength(50_000);
    expect(lines.has('124999')).toBe(false);
    expect(lines.has('174999')).toBe(true);
  });
});
