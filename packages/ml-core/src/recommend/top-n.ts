/**
 * The best `capacity` (index, score) pairs seen: score descending, ties by ascending index (= product
 * id). Insertion into a small sorted array: O(capacity) worst case per offer, O(1) for the usual reject.
 */
export class TopN {
  readonly index: Int32Array;
  readonly score: Float64Array;
  size = 0;

  constructor(readonly capacity: number) {
    this.index = new Int32Array(capacity);
    this.score = new Float64Array(capacity);
  }

  reset(): void {
    this.size = 0;
  }

  offer(j: number, s: number): void {
    const { index, score, capacity } = this;
    let k = this.size;
    if (k === capacity) {
      const worst = score[k - 1]!;
      if (s < worst || (s === worst && j > index[k - 1]!)) return;
      k--;
    } else {
      this.size++;
    }
    while (k > 0 && (score[k - 1]! < s || (score[k - 1] === s && index[k - 1]! > j))) {
      score[k] = score[k - 1]!;
      index[k] = index[k - 1]!;
      k--;
    }
    score[k] = s;
    index[k] = j;
  }
}
