/**
 * Where a validation problem belongs in the rule editor. The service names problems by path, e.g.
 * `teamsToPbx.rules[3].routing` (a field), `teamsToPbx.rules[3]` (the row) or `debounceMs` (a setting), possibly
 * with a `body.` prefix or without `.rules`.
 */
export interface PlacedProblem {
  table?: 'teamsToPbx' | 'pbxToTeams';
  row?: number;
  field?: string;
  /** The path of a setting outside the tables. */
  setting?: string;
  message: string;
}

const ROW_PATH = /^(?:body\.)?(teamsToPbx|pbxToTeams)(?:\.rules)?\[(\d+)\](?:\.(\w+))?/;

export function placeProblem(path: string, message: string): PlacedProblem {
  const m = ROW_PATH.exec(path);
  if (m) return { table: m[1] as PlacedProblem['table'], row: Number(m[2]), field: m[3], message };
  return { setting: path.replace(/^body\./, ''), message };
}

/** Problems of one table, by "row" or "row.field". */
export function tableProblems(problems: PlacedProblem[], table: 'teamsToPbx' | 'pbxToTeams'): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of problems) {
    if (p.table !== table || p.row === undefined) continue;
    const key = p.field ? `${p.row}.${p.field}` : `${p.row}`;
    out.set(key, out.has(key) ? `${out.get(key)}; ${p.message}` : p.message);
  }
  return out;
}
