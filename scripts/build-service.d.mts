export function serviceIsStale(): string | undefined;
export function buildService(options?: { force?: boolean; quiet?: boolean }): Promise<boolean>;
export function bundle(entry: string, outfile: string, options?: { quiet?: boolean }): Promise<void>;
