/** Fills `${{VAR}}` placeholders (the Teams Toolkit's syntax); names every one left without a value. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export class MissingVariablesError extends Error {
  constructor(
    readonly names: string[],
    where: string,
  ) {
    super(
      `${where} needs ${names.join(', ')}, which ${names.length === 1 ? 'has' : 'have'} no value. Set ${names.length === 1 ? 'it' : 'them'} in the environment file (env/.env.<env>), or run the toolkit's provision step, which writes them.`,
    );
    this.name = 'MissingVariablesError';
  }
}

export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** For JSON text: values are escaped as JSON string content. Empty values count as set (APP_NAME_SUFFIX). */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string | undefined>>, where: string): string {
  const missing = placeholdersIn(text).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new MissingVariablesError(missing, where);
  return text.replace(PLACEHOLDER, (_m, name: string) => JSON.stringify(values[name]!).slice(1, -1));
}
