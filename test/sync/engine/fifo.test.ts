import { Fifo } from '../../../src/sync/engine/fifo';

test('keeps first-in first-out order across many pushes and shifts', () => {
  const q = new Fifo<number>();
  const out: number[] = [];
  for (let i = 0; i < 5000; i++) {
    q.push(i);
    if (i % 3 === 0) out.push(q.shift()!);
  }
  while (q.length > 0) out.push(q.shift()!);
  expect(out).toEqual([...Array(5000).keys()]);
  expect(q.shift()).toBeUndefined();
});
