/** Reads the Teams Toolkit's env files (env/.env.<name>): KEY=VALUE lines, # comments, optional quotes. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    let value = m[2];
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, '');
    values[m[1]] = value;
  }
  return values;
}

/** env/.env.<env>, then env/.env.<env>.user (the git-ignored secrets) over it. */
export function loadEnvironment(envDir: string, env: string): Record<string, string> {
  const main = join(envDir, `.env.${env}`);
  if (!existsSync(main))
    throw new Error(`There is no environment file ${main}. Create it (copy env/.env.dev) or pick another environment with --env.`);
  const values = parseEnvFile(readFileSync(main, 'utf8'));
  const user = `${main}.user`;
  return existsSync(user) ? { ...values, ...parseEnvFile(readFileSync(user, 'utf8')) } : values;
}
