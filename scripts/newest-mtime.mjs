import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time under a path (a file or a whole directory); 0 when it does not exist. */
export function newestMtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}
