/** Graph's `sequenceNumber`: a string that sorts lexicographically in the order of changes. One source per simulator. */
export type SequenceSource = () => string;

export function createSequenceSource(): SequenceSource {
  let counter = 0;
  return () => {
    counter += 1;
    return counter.toString(16).toUpperCase().padStart(16, '0');
  };
}
