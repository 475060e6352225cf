/** A progress line per phase on stderr (stdout is for the table and the JSON). */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
