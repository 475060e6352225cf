/** Which rows of a fixed-height list are in view at a scroll position, plus `overscan` rows either side. */
export interface RowRange {
  /** First and one-past-last row index to render. */
  start: number;
  end: number;
  /** Height of the whole list, so the scroll bar is right. */
  totalHeight: number;
  /** Where the first rendered row sits. */
  offsetTop: number;
}

export function rowWindow(o: {
  scrollTop: number;
  rowCount: number;
  rowHeight: number;
  viewportHeight: number;
  overscan: number;
}): RowRange {
  const lastStart = Math.max(0, o.rowCount - 1);
  const first = Math.min(lastStart, Math.max(0, Math.floor(o.scrollTop / o.rowHeight)));
  const start = Math.max(0, first - o.overscan);
  const end = Math.min(o.rowCount, first + Math.ceil(o.viewportHeight / o.rowHeight) + o.overscan);
  return { start, end, totalHeight: o.rowCount * o.rowHeight, offsetTop: start * o.rowHeight };
}
