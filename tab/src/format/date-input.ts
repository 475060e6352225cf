/**
 * A date input's value ("YYYY-MM-DD") and the service's ms since 1970, both read as UTC so the date an admin
 * types is the date shown back, whatever the browser's time zone. A date means the start of that day.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dateInputValue(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
}

/** undefined for an empty or impossible date (e.g. 2026-02-30). */
export function msFromDateInput(value: string): number | undefined {
  const m = DATE.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  return dateInputValue(ms) === value.trim() && ms > 0 ? ms : undefined;
}
