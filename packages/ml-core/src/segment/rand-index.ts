// Agreement of two clusterings, for tests and evaluations of the segmentation.

/** Adjusted Rand index of two labelings (Hubert & Arabie 1985): 1 = identical partitions, ≈ 0 = chance. */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const table = new Map<string, number>();
  const rowSums = new Map<number, number>();
  const colSums = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]} ${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rowSums.set(a[i]!, (rowSums.get(a[i]!) ?? 0) + 1);
    colSums.set(b[i]!, (colSums.get(b[i]!) ?? 0) + 1);
  }
  const pairs = (m: number) => (m * (m - 1)) / 2;
  const sum = (values: Iterable<number>) => [...values].reduce((s, v) => s + pairs(v), 0);
  const index = sum(table.values());
  const rows = sum(rowSums.values());
  const cols = sum(colSums.values());
  const expected = (rows * cols) / pairs(n);
  return (index - expected) / ((rows + cols) / 2 - expected);
}
