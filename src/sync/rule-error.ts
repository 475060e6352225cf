/** A validation problem, returned as a value: where it is (`teamsToPbx[3].routing`) and what to do about it. */
export interface RuleError {
  path: string;
  message: string;
}

/** zod issue path -> `teamsToPbx[3].routing` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function issuesToErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix: readonly PropertyKey[] = [],
): RuleError[] {
  return issues.map((i) => ({ path: formatPath([...prefix, ...i.path]), message: i.message }));
}
