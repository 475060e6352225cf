import type { ImportEdge, ImportKind } from './import-graph';
import { checkCycles, checkRule, findCycles, formatViolation, RULES } from './rules';

const edge = (from: string, to: string, kind: ImportKind = 'static'): ImportEdge => ({ from, to, kind });
const rule = (id: number) => RULES.find((r) => r.id === id)!;

// One row per kind of import each rule must catch, and one per neighbouring import it must let through.
describe.each<[number, string, string, ImportKind, boolean]>([
  [1, 'src/sync/decide.ts', 'src/graph/client.ts', 'static', true],
  [1, 'src/sync/decide.ts', 'src/config.ts', 'type', true],
  [1, 'src/sync/decide.ts', 'bot/index.ts', 'dynamic', true],
  [1, 'src/sync/decide.ts', 'src/sync/states.ts', 'static', false],
  [1, 'src/sync/decide.ts', 'src/time/clock.ts', 'type', false],
  [1, 'src/sync/decide.ts', 'src/coded-error.ts', 'static', false],
  [2, 'src/time/clock.ts', 'src/sync/ports.ts', 'type', true],
  [2, 'src/coded-error.ts', 'src/logger.ts', 'static', true],
  [2, 'src/coded-error.ts', 'src/time/clock.ts', 'static', true],
  [2, 'src/time/real-clock.ts', 'src/time/clock.ts', 'static', false],
  [3, 'src/store/sqlite/pbx-users.ts', 'src/pbx/connector.ts', 'type', true],
  [3, 'src/graph/poller.ts', 'src/store/store.ts', 'static', true],
  [3, 'src/identity/types.ts', 'src/pbx/connector.ts', 'type', true],
  [3, 'src/alerts/alert-engine.ts', 'src/service/admin/admin-service.ts', 'type', true],
  [3, 'src/alerts/alert-engine.ts', 'src/admin/routes.ts', 'static', true],
  [3, 'src/identity/match.ts', 'src/config.ts', 'static', true],
  [3, 'src/identity/match.ts', 'bot/index.ts', 'static', true],
  [3, 'src/pbx/sip/connector.ts', 'src/pbx/connector.ts', 'static', false],
  [3, 'src/pbx/connector.ts', 'src/identity/types.ts', 'type', false],
  [3, 'src/identity/match.ts', 'src/sync/states.ts', 'static', false],
  [3, 'src/service/tenants/tenant.ts', 'src/store/store.ts', 'static', false],
  [4, 'bot/handlers/deps.ts', 'src/store/store.ts', 'type', true],
  [4, 'bot/handlers/deps.ts', 'src/graph/client.ts', 'static', true],
  [4, 'bot/handlers/deps.ts', 'src/service/admin/tenant-admin.ts', 'type', true],
  [4, 'bot/handlers/deps.ts', 'src/admin/admin-routes.ts', 'static', true],
  [4, 'bot/handlers/deps.ts', 'src/sync/decide.ts', 'static', true],
  [4, 'bot/handlers/deps.ts', 'src/main.ts', 'dynamic', true],
  [4, 'bot/handlers/deps.ts', 'src/service/admin/admin-service.ts', 'static', false],
  [4, 'bot/handlers/deps.ts', 'src/sync/types.ts', 'type', false],
  [4, 'bot/handlers/deps.ts', 'src/alerts/errors.ts', 'static', false],
  [4, 'bot/handlers/deps.ts', 'src/time/clock.ts', 'type', false],
  [4, 'bot/cards/card.ts', 'bot/cards/parts.ts', 'static', false],
  [5, 'src/main.ts', 'src/demo/demo-tenant.ts', 'static', true],
  [5, 'src/main.ts', 'src/sim/graph/index.ts', 'dynamic', true],
  [5, 'src/service/tenants/tenant.ts', 'src/demo/demo-tenant.ts', 'dynamic', true],
  [5, 'src/graph/client.ts', 'src/sim/graph/index.ts', 'type', true],
  [5, 'bot/index.ts', 'src/sim/people.ts', 'static', true],
  [5, 'src/sim/pbx/sender.ts', 'src/pbx/webhook/signature.ts', 'static', true],
  [5, 'src/sim/graph/routes.ts', 'src/sync/states.ts', 'type', true],
  [5, 'src/main.ts', 'src/demo/demo-tenant.ts', 'dynamic', false],
  [5, 'src/commands/check.ts', 'src/demo/demo-environment.ts', 'dynamic', false],
  [5, 'src/demo/demo-tenant.ts', 'src/sim/graph/index.ts', 'static', false],
  [5, 'src/sim/graph/routes.ts', 'src/time/clock.ts', 'static', false],
  [5, 'src/sim/graph/routes.ts', 'src/sim/people.ts', 'static', false],
  [6, 'tab/src/components/table.tsx', 'src/sync/states.ts', 'static', true],
  [6, 'tab/src/api/client.ts', 'bot/cards/card.ts', 'dynamic', true],
  [6, 'tab/src/api/types.ts', 'src/service/admin/admin-service.ts', 'type', false],
  [6, 'tab/src/app.tsx', 'tab/src/views/home.tsx', 'static', false],
])('rule %i: %s -> %s (%s import)', (id, from, to, kind, broken) => {
  test(broken ? 'is a violation' : 'is allowed', () => {
    const violations = checkRule(rule(id), [edge(from, to, kind)]);
    expect(violations.map((v) => [v.rule, v.from, v.to])).toEqual(broken ? [[id, from, to]] : []);
  });
});

describe('checkRule', () => {
  test('reports one line per importing and imported file, with the reason', () => {
    const violations = checkRule(rule(6), [
      edge('tab/a.tsx', 'src/x.ts'),
      edge('tab/a.tsx', 'src/x.ts', 'require'),
      edge('tab/b.tsx', 'src/x.ts'),
    ]);
    expect(violations.map(formatViolation)).toEqual([
      'tab/a.tsx -> src/x.ts (rule 6: the tab loads static code from the service side)',
      'tab/b.tsx -> src/x.ts (rule 6: the tab loads static code from the service side)',
    ]);
  });
});

describe('findCycles', () => {
  test.each<[string, ImportEdge[], string[][]]>([
    ['a chain', [edge('a', 'b'), edge('b', 'c')], []],
    ['two files', [edge('a', 'b'), edge('b', 'a', 'type')], [['a', 'b']]],
    ['a file that imports itself', [edge('a', 'a')], [['a']]],
    ['a ring of three with a tail', [edge('x', 'a'), edge('a', 'b'), edge('b', 'c'), edge('c', 'a')], [['a', 'b', 'c']]],
    [
      'two separate cycles',
      [edge('a', 'b'), edge('b', 'a'), edge('c', 'd'), edge('d', 'c'), edge('b', 'c')],
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['a diamond (no cycle)', [edge('a', 'b'), edge('a', 'c'), edge('b', 'd'), edge('c', 'd')], []],
  ])('%s', (_what, edges, expected) => {
    expect(findCycles(edges)).toEqual(expected);
  });
});

describe('checkCycles (rule 7)', () => {
  test('reports every import inside a cycle of src/ and bot/ files, and says whether it is loaded or type-only', () => {
    const violations = checkCycles([
      edge('src/a.ts', 'src/b.ts'),
      edge('src/b.ts', 'src/c.ts', 'type'),
      edge('src/c.ts', 'src/a.ts', 'dynamic'),
      edge('src/d.ts', 'bot/e.ts', 'type'),
      edge('bot/e.ts', 'src/d.ts', 'type'),
      edge('src/x.ts', 'src/a.ts'),
    ]);
    expect(violations.map(formatViolation)).toEqual([
      'src/d.ts -> bot/e.ts (rule 7: type import in a type-only cycle of 2 files)',
      'bot/e.ts -> src/d.ts (rule 7: type import in a type-only cycle of 2 files)',
      'src/a.ts -> src/b.ts (rule 7: static import in a cycle of 3 files with src/c.ts)',
      'src/b.ts -> src/c.ts (rule 7: type import in a cycle of 3 files with src/a.ts)',
      'src/c.ts -> src/a.ts (rule 7: dynamic import in a cycle of 3 files with src/b.ts)',
    ]);
  });

  test('ignores cycles through files outside src/ and bot/', () => {
    expect(checkCycles([edge('tab/a.ts', 'src/b.ts', 'type'), edge('src/b.ts', 'tab/a.ts', 'type')])).toEqual([]);
  });
});
