/**
 * # Content similarity
 *
 * Each product is a weighted one-hot vector: category, brand, color, size and material (values trimmed
 * and lower-cased; a missing attribute has no entry) plus a price band — the product's price quintile
 * within its category (quantiles of price equal those of log-price), encoded softly so neighbouring
 * bands are partly similar (1 on its band, ½ on the bands next to it). Entry values are √importance, so
 * a shared attribute adds its importance to the dot product: category 2, brand / color / material 1,
 * size ½, same price band 1.5 (neighbouring band 1, two bands apart ¼).
 *
 * Similarity is ml-distance's cosine (`similarity.cosine`). The full vectors have a few hundred
 * dimensions with at most 8 non-zeros, so each pair is handed to ml-distance restricted to the union of
 * its non-zero dimensions (14 slots within a category, 20 across): the same cosine, ~20× less work.
 *
 * Candidates are restricted: "similar" means an alternative to the product, so the candidates of a
 * product are the active products of its category; a category with fewer than `topN` other active
 * products is topped up with products sharing its brand, color or material (inverted index). Within a
 * category each pair is compared once (cosine is symmetric). Measured on the large generated store
 * (10,000 products, 13 categories, bench/issue4/recommend.ts): 3.8 M ml-distance calls, ~0.6–1 s on a
 * busy 2-core machine, against 50 M pairs × a few hundred dimensions for the brute-force n² pass over
 * dense vectors.
 */
import { similarity } from 'ml-distance';
import type { IndexedCatalog } from './catalog';

/** Bound once instead of looked up on the namespace object for every pair. */
const mlCosine = similarity.cosine;

const IMPORTANCE = { category: 2, brand: 1, color: 1, size: 0.5, material: 1, price: 1 } as const;
const SQRT_IMPORTANCE = {
  category: Math.sqrt(IMPORTANCE.category),
  brand: Math.sqrt(IMPORTANCE.brand),
  color: Math.sqrt(IMPORTANCE.color),
  size: Math.sqrt(IMPORTANCE.size),
  material: Math.sqrt(IMPORTANCE.material),
  price: Math.sqrt(IMPORTANCE.price),
} as const;
export const ATTRIBUTES = ['brand', 'color', 'size', 'material'] as const;
const ATTRIBUTE_WEIGHTS = ATTRIBUTES.map((a) => SQRT_IMPORTANCE[a]);
/** A product's price-band entries: its band, and half on each neighbour. */
const BAND_SPREAD = [
  [-1, 0.5],
  [0, 1],
  [1, 0.5],
] as const;
/** Attributes (positions in ATTRIBUTES) that pull in candidates of other categories (not size). */
const LINKING = [0, 1, 3] as const;
export const PRICE_BANDS = 5;
/** Union of two vectors of different categories: 2 categories, 2 × four attributes, 2 × price bands. */
const UNION_SLOTS = 2 + 2 * ATTRIBUTES.length + 2 * PRICE_BANDS;

function norm(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const v = String(value).trim().toLowerCase();
  return v === '' ? null : v;
}

export class ContentIndex {
  /** Category number of each product. */
  readonly category: Int32Array;
  /** Active products of each category, ascending. */
  readonly groups: Int32Array[];
  /** Attribute value codes (-1: missing), ATTRIBUTES.length per product. */
  private readonly codes: Int32Array;
  /** Price-band entries of each product, PRICE_BANDS per product (bands of its own category). */
  private readonly bands: Float64Array;
  /** Linking attribute value code → active products holding it (built on first need). */
  private linking: Map<number, number[]> | null = null;
  private readonly a = new Float64Array(UNION_SLOTS);
  private readonly b = new Float64Array(UNION_SLOTS);
  /** Views of the first k slots, made once: no allocation per pair. */
  private readonly aViews: Float64Array[];
  private readonly bViews: Float64Array[];
  /** Candidate de-duplication for small categories. */
  private readonly stamp: Int32Array;

  constructor(private readonly catalog: IndexedCatalog) {
    const { n, products } = catalog;
    this.category = new Int32Array(n);
    this.codes = new Int32Array(n * ATTRIBUTES.length).fill(-1);
    this.bands = new Float64Array(n * PRICE_BANDS);
    this.stamp = new Int32Array(n).fill(-1);
    this.aViews = Array.from({ length: UNION_SLOTS + 1 }, (_, k) => this.a.subarray(0, k));
    this.bViews = Array.from({ length: UNION_SLOTS + 1 }, (_, k) => this.b.subarray(0, k));

    const categories = new Map<string, number>();
    const members: number[][] = [];
    const valueCodes = ATTRIBUTES.map(() => new Map<string, number>());
    products.forEach((p, i) => {
      const key = norm(p.category) ?? '';
      let c = categories.get(key);
      if (c === undefined) {
        c = categories.size;
        categories.set(key, c);
        members.push([]);
      }
      this.category[i] = c;
      members[c]!.push(i);
      ATTRIBUTES.forEach((attribute, k) => {
        const v = norm(p[attribute]);
        if (v === null) return;
        const codes = valueCodes[k]!;
        let code = codes.get(v);
        if (code === undefined) {
          code = codes.size;
          codes.set(v, code);
        }
        this.codes[i * ATTRIBUTES.length + k] = code;
      });
    });

    const band = priceBands(products, members);
    for (let i = 0; i < n; i++) {
      const bands = Math.min(PRICE_BANDS, members[this.category[i]!]!.length);
      for (const [offset, weight] of BAND_SPREAD) {
        const k = band[i]! + offset;
        if (k >= 0 && k < bands) this.bands[i * PRICE_BANDS + k] = SQRT_IMPORTANCE.price * weight;
      }
    }
    this.groups = members.map((list) => Int32Array.from(list.filter((i) => catalog.active[i])));
  }

  /** ml-distance cosine of the content vectors of products i and j, in [0, 1]. */
  cosine(i: number, j: number): number {
    // Never NaN: the category entry makes every vector non-zero.
    return Math.min(1, Math.max(0, this.unionCosine(i, j)));
  }

  /**
   * The two vectors restricted to the union of their non-zero dimensions, which has a fixed layout: the
   * category once if shared, else one slot each; each attribute once if equal, else one slot each; the
   * price bands of a shared category once, else each side's own. So a pair is written straight into
   * 14 slots (same category) or 20 (different categories), zeros where a side has nothing, and handed
   * to ml-distance — the cosine of the full few-hundred-dimensional vectors.
   */
  unionCosine(i: number, j: number): number {
    const { codes, bands, a, b } = this;
    const same = this.category[i] === this.category[j];
    let s = 0;
    if (same) {
      a[s] = SQRT_IMPORTANCE.category;
      b[s++] = SQRT_IMPORTANCE.category;
    } else {
      a[s] = SQRT_IMPORTANCE.category;
      b[s++] = 0;
      a[s] = 0;
      b[s++] = SQRT_IMPORTANCE.category;
    }
    for (let k = 0; k < ATTRIBUTES.length; k++) {
      const ci = codes[i * ATTRIBUTES.length + k]!;
      const cj = codes[j * ATTRIBUTES.length + k]!;
      const w = ATTRIBUTE_WEIGHTS[k]!;
      if (ci >= 0 && ci === cj) {
        a[s] = w;
        b[s++] = w;
        a[s] = 0;
        b[s++] = 0;
      } else {
        a[s] = ci >= 0 ? w : 0;
        b[s++] = 0;
        a[s] = 0;
        b[s++] = cj >= 0 ? w : 0;
      }
    }
    for (let k = 0; k < PRICE_BANDS; k++) {
      a[s] = bands[i * PRICE_BANDS + k]!;
      b[s++] = same ? bands[j * PRICE_BANDS + k]! : 0;
    }
    if (!same) {
      for (let k = 0; k < PRICE_BANDS; k++) {
        a[s] = 0;
        b[s++] = bands[j * PRICE_BANDS + k]!;
      }
    }
    return mlCosine(this.aViews[s]!, this.bViews[s]!);
  }

  /**
   * Calls `visit(j)` once for each content candidate j ≠ i: the active products of i's category, topped
   * up when they are fewer than `minimum` with active products sharing a brand, color or material.
   */
  forEachCandidate(i: number, minimum: number, visit: (j: number) => void): void {
    const group = this.groups[this.category[i]!]!;
    const others = group.length - (this.catalog.active[i] ? 1 : 0);
    if (others >= minimum) {
      for (const j of group) if (j !== i) visit(j);
      return;
    }
    const { stamp } = this;
    stamp[i] = i;
    for (const j of group) {
      if (stamp[j] === i) continue;
      stamp[j] = i;
      visit(j);
    }
    const linking = this.linkingIndex();
    for (const k of LINKING) {
      const code = this.codes[i * ATTRIBUTES.length + k]!;
      if (code < 0) continue;
      for (const j of linking.get(code * ATTRIBUTES.length + k) ?? []) {
        if (stamp[j] === i) continue;
        stamp[j] = i;
        visit(j);
      }
    }
  }

  /** Active products by linking attribute value (key: code · ATTRIBUTES.length + attribute). */
  private linkingIndex(): Map<number, number[]> {
    if (this.linking) return this.linking;
    const linking = new Map<number, number[]>();
    for (let i = 0; i < this.catalog.n; i++) {
      if (!this.catalog.active[i]) continue;
      for (const k of LINKING) {
        const code = this.codes[i * ATTRIBUTES.length + k]!;
        if (code < 0) continue;
        const key = code * ATTRIBUTES.length + k;
        const list = linking.get(key);
        if (list) list.push(i);
        else linking.set(key, [i]);
      }
    }
    this.linking = linking;
    return linking;
  }
}

/**
 * Each active product's content candidates, best first by the stored 'similar' score (cosine after the
 * out-of-stock rule, rounded; ties by id), with the raw cosines. A list keeps up to `capacity` =
 * topN + slack entries, from i·capacity to i·capacity + sizes[i]: the 'similar' list is its head, and
 * the hybrid's content-only part reads further down past the products it blends as co-purchases (with
 * a full scan when a list runs out: `complete` says whether it holds every candidate). Independent of
 * the baskets, so training and its evaluation share one.
 */
export interface ContentLists {
  index: ContentIndex;
  topN: number;
  capacity: number;
  sizes: Int32Array;
  targets: Int32Array;
  /** Stored score: round6(cosine × stock factor). */
  scores: Float64Array;
  /** Raw cosine. */
  cosines: Float64Array;
  complete: Uint8Array;
}

/**
 * Within a category every pair is compared once (cosine is symmetric) and offered to both lists; a
 * category with fewer than topN other active products goes product by product (with its top-up).
 */
export function buildContentLists(
  catalog: IndexedCatalog,
  topN: number,
  stockFactor: number,
  slack = 2 * topN,
): ContentLists {
  const { n, outOfStock } = catalog;
  const index = new ContentIndex(catalog);
  const capacity = topN + slack;
  const sizes = new Int32Array(n);
  const offered = new Int32Array(n);
  const targets = new Int32Array(n * capacity);
  const scores = new Float64Array(n * capacity);
  const cosines = new Float64Array(n * capacity);

  /** Offers candidate j (raw cosine c) to product i's list: score desc, then index asc. */
  const offer = (i: number, j: number, c: number) => {
    const s = round6(outOfStock[j] ? c * stockFactor : c);
    if (s <= 0) return;
    offered[i]! += 1;
    const base = i * capacity;
    let k = sizes[i]!;
    if (k === capacity) {
      const worst = scores[base + k - 1]!;
      if (s < worst || (s === worst && j > targets[base + k - 1]!)) return;
      k--;
    } else {
      sizes[i] = k + 1;
    }
    while (
      k > 0 &&
      (scores[base + k - 1]! < s || (scores[base + k - 1] === s && targets[base + k - 1]! > j))
    ) {
      scores[base + k] = scores[base + k - 1]!;
      targets[base + k] = targets[base + k - 1]!;
      cosines[base + k] = cosines[base + k - 1]!;
      k--;
    }
    scores[base + k] = s;
    targets[base + k] = j;
    cosines[base + k] = c;
  };

  for (const group of index.groups) {
    if (group.length - 1 >= topN) {
      for (let x = 0; x < group.length; x++) {
        const i = group[x]!;
        for (let y = x + 1; y < group.length; y++) {
          const j = group[y]!;
          const c = index.cosine(i, j);
          offer(i, j, c);
          offer(j, i, c);
        }
      }
    } else {
      for (const i of group) index.forEachCandidate(i, topN, (j) => offer(i, j, index.cosine(i, j)));
    }
  }
  const complete = new Uint8Array(n);
  for (let i = 0; i < n; i++) complete[i] = offered[i]! <= capacity ? 1 : 0;
  return { index, topN, capacity, sizes, targets, scores, cosines, complete };
}

/** Scores are stored rounded to 6 decimals and ranked on the rounded value (ties by id stay visible). */
export function round6(s: number): number {
  return Math.round(s * 1e6) / 1e6;
}

/** Price quintile of each product within its category (equal prices share a band). */
function priceBands(products: readonly { price: number }[], members: readonly number[][]): Int32Array {
  const band = new Int32Array(products.length);
  const price = (i: number): number => {
    const value = Number(products[i]!.price);
    return Number.isFinite(value) ? value : 0;
  };
  for (const list of members) {
    const bands = Math.min(PRICE_BANDS, list.length);
    const byPrice = [...list].sort((x, y) => price(x) - price(y) || x - y);
    let rankOfPrice = 0;
    byPrice.forEach((i, rank) => {
      const prev = byPrice[rank - 1];
      if (prev === undefined || price(prev) !== price(i)) {
        rankOfPrice = rank;
      }
      band[i] = Math.min(bands - 1, Math.floor((rankOfPrice * bands) / list.length));
    });
  }
  return band;
}
