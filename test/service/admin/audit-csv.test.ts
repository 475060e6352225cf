import { parse } from 'csv-parse/sync';
import type { AuditEntry } from '../../../src/service/admin/admin-service';
import { auditCsv } from '../../../src/service/admin/audit-csv';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  at: Date.UTC(2026, 0, 2, 3, 4, 5),
  by: 'ann@contoso.example',
  action: 'rules.save',
  ...over,
});

describe('the audit log as CSV', () => {
  test('one row per entry with the time in ISO 8601 and before/after as JSON that survives quoting', () => {
    const csv = auditCsv([entry({ target: 'tenant', before: { rules: ['a, "b"'] }, after: { preset: 'telia' } })]);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      {
        at: '2026-01-02T03:04:05.000Z',
        by: 'ann@contoso.example',
        action: 'rules.save',
        target: 'tenant',
        before: '{"rules":["a, \\"b\\""]}',
        after: '{"preset":"telia"}',
      },
    ]);
    expect(JSON.parse(rows[0].before)).toEqual({ rules: ['a, "b"'] });
  });

  test.each([['=HYPERLINK("http://evil")'], ['+1'], ['-2+3'], ['@SUM(A1)']])(
    'a name that a spreadsheet would run as a formula stays text: %s',
    (by) => {
      const rows = parse(auditCsv([entry({ by })]), { columns: true }) as Record<string, string>[];
      expect(rows[0].by).toBe(`'${by}`);
    },
  );

  test('an empty log is the header only', () => {
    expect(auditCsv([])).toBe('at,by,action,target,before,after\n');
  });
});
