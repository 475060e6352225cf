/** A round upper bound for a chart's y axis: 1, 2 or 5 times a power of ten (100 when there is no data). */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 100;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * power >= value) return m * power;
  return 10 * power;
}
