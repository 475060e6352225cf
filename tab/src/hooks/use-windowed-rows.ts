import { useCallback, useState, type UIEvent } from 'react';

export interface RowWindow {
  /** First and one-past-last row index to render. */
  start: number;
  end: number;
  /** Height of the whole list, so the scroll bar is right. */
  totalHeight: number;
  /** Where the first rendered row sits. */
  offsetTop: number;
  onScroll(e: UIEvent<HTMLElement>): void;
}

/** Renders only the rows in view (plus a few either side): thousands of users stay one screen of DOM. */
export function useWindowedRows(rowCount: number, rowHeight: number, viewportHeight: number, overscan = 8): RowWindow {
  const [scrollTop, setScrollTop] = useState(0);
  const onScroll = useCallback((e: UIEvent<HTMLElement>) => setScrollTop(e.currentTarget.scrollTop), []);
  const first = Math.floor(scrollTop / rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, first + Math.ceil(viewportHeight / rowHeight) + overscan);
  return { start, end, totalHeight: rowCount * rowHeight, offsetTop: start * rowHeight, onScroll };
}
