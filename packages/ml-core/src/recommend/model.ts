/**
 * The three recommendation lists of every active product, as flat index arrays (the public functions
 * in `train.ts` and `evaluate.ts` turn them into rows and metrics).
 */
import type { IndexedBaskets, IndexedCatalog } from './catalog';
import { buildCoPurchaseIndex, CoPurchaseRows, coPurchaseScore, IntBuffer } from './co-purchase';
import { buildContentLists, type ContentLists, round6 } from './content';
import { OUT_OF_STOCK_FACTOR, type RecommendationMethod, type RecommendOptions } from './options';
import { TopN } from './top-n';

/** Product i's list: targets and scores from offsets[i] to offsets[i + 1], best first. */
export interface RecLists {
  offsets: Int32Array;
  targets: Int32Array;
  scores: Float64Array;
}

export interface RecommendationModel {
  catalog: IndexedCatalog;
  lists: Record<RecommendationMethod, RecLists>;
  partnerCosines: PartnerCosines;
  /** Off-diagonal non-zeros of the co-purchase matrix (all products). */
  coPurchaseNonZeros: number;
  activeProducts: number;
  /** Active products with ≥ 1 bought-together recommendation. */
  covered: number;
  /** Active products without a positive bought-together score for any active product. */
  coldStart: number;
}

class ListBuilder {
  private readonly offsets: Int32Array;
  private readonly targets: Int32Array;
  private readonly scores: Float64Array;
  private length = 0;

  constructor(n: number, topN: number) {
    this.offsets = new Int32Array(n + 1);
    this.targets = new Int32Array(n * topN);
    this.scores = new Float64Array(n * topN);
  }

  /** Appends product i's list (rows must come in ascending i; skipped rows stay empty). */
  add(i: number, top: TopN): void {
    for (let k = 0; k < top.size; k++) {
      this.targets[this.length] = top.index[k]!;
      this.scores[this.length++] = top.score[k]!;
    }
    this.offsets[i + 1] = this.length;
  }

  finish(n: number): RecLists {
    for (let i = 0; i < n; i++) this.offsets[i + 1] = Math.max(this.offsets[i + 1]!, this.offsets[i]!);
    return {
      offsets: this.offsets,
      targets: this.targets.subarray(0, this.length),
      scores: this.scores.subarray(0, this.length),
    };
  }
}

/** Multiplier of out-of-stock products' scores under the options' policy (0: dropped). */
export function stockFactorOf(options: RecommendOptions): number {
  return options.outOfStock === 'filter' ? 0 : options.outOfStock === 'rank_down' ? OUT_OF_STOCK_FACTOR : 1;
}

/** Content cosines of each active product's active co-purchase partners (row i: offsets[i] …). */
export interface PartnerCosines {
  offsets: Int32Array;
  partners: Int32Array;
  cosines: Float64Array;
}

export interface BuildModelExtras {
  /** Content lists from `buildContentLists` with the same topN and stock policy (built when absent). */
  content?: ContentLists;
  /** Baskets to leave out (`exclude[b]` = 1), e.g. the evaluation's held-out orders. */
  exclude?: Uint8Array;
  /** Partner cosines of a build on a superset of these baskets (looked up instead of recomputed; the
   * model then records none of its own). */
  knownCosines?: PartnerCosines;
}

/**
 * Lists of every active product. The content lists and the partners' content cosines do not depend on
 * which baskets are used, so training hands its own to the evaluation's build instead of recomputing.
 */
export function buildModel(
  catalog: IndexedCatalog,
  baskets: IndexedBaskets,
  options: RecommendOptions,
  extras: BuildModelExtras = {},
): RecommendationModel {
  const { n, active, outOfStock } = catalog;
  const { topN, normalization } = options;
  const content = extras.content ?? buildContentLists(catalog, topN, stockFactorOf(options));
  if (content.topN !== topN) throw new RangeError('recommendations: content lists built for another topN');
  const known = extras.knownCosines;
  const index = buildCoPurchaseIndex(n, baskets, options.customerWindowDays, extras.exclude);
  const rows = new CoPurchaseRows(index);
  const { counts, touched } = rows;
  const wSum = options.weights.boughtTogether + options.weights.similar;
  const wBought = options.weights.boughtTogether / wSum;
  const wSimilar = options.weights.similar / wSum;
  const stockFactor = stockFactorOf(options);

  const bought = new Float64Array(n); // bought-together score of the current row's partners
  const listed = new Int32Array(n).fill(-1); // = i when j is in row i's content list (fallback scans)
  const knownCosine = new Float64Array(n).fill(-1); // row i's cosines from `known` (-1: not known)
  const cosineOffsets = new Int32Array(n + 1);
  // Recorded for a later build on fewer baskets (none when this build itself reuses known ones).
  const cosinePartners = new IntBuffer(known ? 16 : index.items.length * 2);
  let cosineValues = new Float64Array(cosinePartners.data.length);
  const tops = { bought: new TopN(topN), similar: new TopN(topN), hybrid: new TopN(topN) };
  const builders = {
    bought: new ListBuilder(n, topN),
    similar: new ListBuilder(n, topN),
    hybrid: new ListBuilder(n, topN),
  };
  /** Offers j with score s to a list, after the stock rule and rounding. */
  const offer = (top: TopN, j: number, s: number): void => {
    const adjusted = Math.min(1, round6(outOfStock[j] ? s * stockFactor : s));
    if (adjusted > 0) top.offer(j, adjusted);
  };

  let nonZeros = 0;
  let activeProducts = 0;
  let covered = 0;
  let coldStart = 0;
  for (let i = 0; i < n; i++) {
    const partners = rows.row(i);
    nonZeros += partners;
    if (!active[i]) continue;
    activeProducts++;
    tops.bought.reset();
    tops.similar.reset();
    tops.hybrid.reset();

    // Bought together: every active partner with a positive normalised score.
    const ni = index.support[i]!;
    let rowMax = 0;
    for (let k = 0; k < partners; k++) {
      const j = touched[k]!;
      if (!active[j]) continue;
      const s = coPurchaseScore(normalization, counts[j]!, ni, index.support[j]!, index.transactions);
      bought[j] = s;
      if (s > rowMax) rowMax = s;
      offer(tops.bought, j, s);
    }

    // Similar: the head of the content list (already ranked with the stock rule).
    const from = i * content.capacity;
    const to = from + content.sizes[i]!;
    for (let e = from; e < Math.min(to, from + topN); e++) {
      tops.similar.offer(content.targets[e]!, content.scores[e]!);
    }

    // Hybrid: the co-purchase score scaled by the row's best, blended with the content score; content
    // alone for a product without co-purchases (cold start).
    if (rowMax > 0) {
      if (known) {
        for (let e = known.offsets[i]!; e < known.offsets[i + 1]!; e++) {
          knownCosine[known.partners[e]!] = known.cosines[e]!;
        }
      }
      for (let k = 0; k < partners; k++) {
        const j = touched[k]!;
        if (!active[j]) continue;
        const cosine = knownCosine[j]! >= 0 ? knownCosine[j]! : content.index.cosine(i, j);
        if (!known) {
          if (cosinePartners.length === cosineValues.length) {
            const next = new Float64Array(cosineValues.length * 2);
            next.set(cosineValues);
            cosineValues = next;
          }
          cosineValues[cosinePartners.length] = cosine;
          cosinePartners.push(j);
        }
        offer(tops.hybrid, j, wBought * (bought[j]! / rowMax) + wSimilar * cosine);
      }
      if (known) {
        for (let e = known.offsets[i]!; e < known.offsets[i + 1]!; e++) knownCosine[known.partners[e]!] = -1;
      }
      // Content-only candidates in content order: once topN are offered, a strictly lower score
      // cannot enter any more.
      let offered = 0;
      let last = Number.POSITIVE_INFINITY;
      let exhausted = true;
      for (let e = from; e < to; e++) {
        const j = content.targets[e]!;
        if (counts[j]! > 0) continue;
        const s = round6(wSimilar * content.cosines[e]! * (outOfStock[j] ? stockFactor : 1));
        if (offered >= topN && s < last) {
          exhausted = false;
          break;
        }
        if (s > 0) tops.hybrid.offer(j, Math.min(1, s));
        offered++;
        last = s;
      }
      if (exhausted && !content.complete[i]) {
        // The list ran out: the candidates it does not hold, scanned in full.
        for (let e = from; e < to; e++) listed[content.targets[e]!] = i;
        content.index.forEachCandidate(i, topN, (j) => {
          if (counts[j] === 0 && listed[j] !== i)
            offer(tops.hybrid, j, wSimilar * content.index.cosine(i, j));
        });
      }
    } else {
      coldStart++;
    }

    builders.bought.add(i, tops.bought);
    builders.similar.add(i, tops.similar);
    builders.hybrid.add(i, rowMax > 0 ? tops.hybrid : tops.similar);
    if (tops.bought.size > 0) covered++;
    for (let k = 0; k < partners; k++) bought[touched[k]!] = 0;
    cosineOffsets[i + 1] = cosinePartners.length;
  }
  for (let i = 0; i < n; i++) cosineOffsets[i + 1] = Math.max(cosineOffsets[i + 1]!, cosineOffsets[i]!);

  return {
    catalog,
    lists: {
      bought_together: builders.bought.finish(n),
      similar: builders.similar.finish(n),
      hybrid: builders.hybrid.finish(n),
    },
    partnerCosines: {
      offsets: cosineOffsets,
      partners: cosinePartners.toArray(),
      cosines: cosineValues.subarray(0, cosinePartners.length),
    },
    coPurchaseNonZeros: nonZeros,
    activeProducts,
    covered,
    coldStart,
  };
}
