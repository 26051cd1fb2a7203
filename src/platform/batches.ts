/** The values in order, cut into batches of at most `size`: for work done a statement or a transaction at a time. */
export function inBatches<T>(values: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < values.length; start += size) batches.push(values.slice(start, start + size));
  return batches;
}
