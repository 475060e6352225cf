import { useCallback, useState, type UIEvent } from 'react';
import { rowWindow, type RowRange } from './row-window';

export interface RowWindow extends RowRange {
  onScroll(e: UIEvent<HTMLElement>): void;
}

/** Renders only the rows in view (plus a few either side): thousands of users stay one screen of DOM. */
export function useWindowedRows(rowCount: number, rowHeight: number, viewportHeight: number, overscan = 8): RowWindow {
  const [scrollTop, setScrollTop] = useState(0);
  const onScroll = useCallback((e: UIEvent<HTMLElement>) => setScrollTop(e.currentTarget.scrollTop), []);
  return { ...rowWindow({ scrollTop, rowCount, rowHeight, viewportHeight, overscan }), onScroll };
}
