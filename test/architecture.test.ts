/**
 * The architecture of /work/shared/design.md as a test (issue 10): the never-arrows fail the build.
 * The rules and the import graph live in test/architecture/; their own tests are beside them.
 */
import { join } from 'node:path';
import { buildImportGraph, readSources } from './architecture/import-graph';
import { checkCycles, checkRule, formatViolation, RULES, type Violation } from './architecture/rules';

const graph = buildImportGraph(readSources(join(__dirname, '..'), ['src', 'bot', 'tab']));

const checks: [string, () => Violation[]][] = [
  ...RULES.map((rule): [string, () => Violation[]] => [`rule ${rule.id}: ${rule.title}`, () => checkRule(rule, graph.edges)]),
  ['rule 7: no import cycles between files in src/ and bot/', () => checkCycles(graph.edges)],
];

describe('architecture', () => {
  test('every relative import names a file (else the rules below would not see it)', () => {
    expect(graph.files.length).toBeGreaterThan(100);
    expect(graph.unresolved).toEqual([]);
  });

  test.each(checks)('%s', (_title, check) => {
    const violations = check().map(formatViolation);
    expect(violations.length === 0 ? 'no violations' : `${violations.length} violations:\n${violations.join('\n')}`).toBe('no violations');
  });
});
