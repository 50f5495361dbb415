/**
 * # Offline evaluation: next-order hit rate
 *
 * 1. Every registered customer with ≥ 2 baskets has their **last** basket held out (chronological;
 *    same-day baskets in input order).
 * 2. The model is trained once on all other baskets (everyone's history minus the held-out orders),
 *    with the options being evaluated.
 * 3. Seeds: the customer's most recently bought distinct products that are still active (they are the
 *    ones with lists), up to SEED_PRODUCTS.
 * 4. A method scores a candidate by summing its scores in the seeds' stored top-N lists (what the
 *    store would show); products the customer already bought are excluded; the best k, ties by id.
 * 5. Hit: any held-out product in the top k. hit_rate@k = hits ÷ customers; precision@k = mean of
 *    (held-out products in the top k) ÷ k.
 * 6. Popularity baseline: products by the number of training baskets holding them, under the same
 *    rules (active only, already-bought excluded, the same out-of-stock policy on score = count ÷ max).
 */
import {
  basketsByCustomer,
  type IndexedBaskets,
  type IndexedCatalog,
  indexBaskets,
  indexCatalog,
} from './catalog';
import { type BuildModelExtras, buildModel, type RecommendationModel, stockFactorOf } from './model';
import {
  type Basket,
  EVALUATION_K,
  type OfflineEvaluation,
  RECOMMENDATION_METHODS,
  type RecommendationMethod,
  type RecommendOptions,
  type RecProduct,
  resolveRecommendOptions,
} from './options';
import { TopN } from './top-n';

/** Products of earlier orders that seed a customer's recommendations. */
export const SEED_PRODUCTS = 5;

type Scored = RecommendationMethod | 'popularity';

export function evaluateRecommendations(
  products: RecProduct[],
  baskets: Basket[],
  options: Partial<RecommendOptions> = {},
  k: number = EVALUATION_K,
): OfflineEvaluation {
  const resolved = resolveRecommendOptions(options);
  const catalog = indexCatalog(products);
  return evaluateIndexed(catalog, indexBaskets(catalog, baskets), resolved, k);
}

/** The evaluation on already indexed data (trainRecommendations passes what it already built). */
export function evaluateIndexed(
  catalog: IndexedCatalog,
  baskets: IndexedBaskets,
  options: RecommendOptions,
  k: number = EVALUATION_K,
  extras: Pick<BuildModelExtras, 'content' | 'knownCosines'> = {},
): OfflineEvaluation {
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`evaluation: k must be a positive integer (got ${k})`);
  const { n, active, outOfStock } = catalog;
  const groups = basketsByCustomer(baskets);
  const exclude = new Uint8Array(baskets.count);
  for (let c = 0; c < baskets.customers; c++) {
    if (groups.starts[c + 1]! - groups.starts[c]! >= 2)
      exclude[groups.baskets[groups.starts[c + 1]! - 1]!] = 1;
  }
  const model = buildModel(catalog, baskets, options, { ...extras, exclude });

  // Popularity: training baskets holding each product, as a score in [0, 1] with the same stock rule.
  const count = new Float64Array(n);
  for (let b = 0; b < baskets.count; b++) {
    if (exclude[b]) continue;
    for (let e = baskets.offsets[b]!; e < baskets.offsets[b + 1]!; e++) count[baskets.items[e]!]! += 1;
  }
  const maxCount = count.reduce((a, b) => Math.max(a, b), 0);
  const stockFactor = stockFactorOf(options);
  const popularScore = new Float64Array(n);
  const popular: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!active[i] || count[i] === 0) continue;
    popularScore[i] = (count[i]! / maxCount) * (outOfStock[i] ? stockFactor : 1);
    if (popularScore[i]! > 0) popular.push(i);
  }
  popular.sort((a, b) => popularScore[b]! - popularScore[a]! || a - b);

  const methods: Scored[] = [...RECOMMENDATION_METHODS, 'popularity'];
  const hits = Object.fromEntries(methods.map((m) => [m, 0])) as Record<Scored, number>;
  const precision = Object.fromEntries(methods.map((m) => [m, 0])) as Record<Scored, number>;
  const bought = new Int32Array(n).fill(-1); // customer number that bought it
  const target = new Int32Array(n).fill(-1); // customer number whose held-out order holds it
  const sum = new Float64Array(n);
  const touched: number[] = [];
  const top = new TopN(k);
  const seeds: number[] = [];
  let evaluated = 0;

  for (let c = 0; c < baskets.customers; c++) {
    const from = groups.starts[c]!;
    const last = groups.starts[c + 1]! - 1;
    if (last - from < 1) continue;
    const held = groups.baskets[last]!;
    for (let e = baskets.offsets[held]!; e < baskets.offsets[held + 1]!; e++) target[baskets.items[e]!] = c;
    seeds.length = 0;
    for (let t = last - 1; t >= from; t--) {
      const b = groups.baskets[t]!;
      for (let e = baskets.offsets[b]!; e < baskets.offsets[b + 1]!; e++) {
        const i = baskets.items[e]!;
        if (bought[i] === c) continue;
        bought[i] = c;
        if (active[i] && seeds.length < SEED_PRODUCTS) seeds.push(i);
      }
    }
    evaluated++;
    const score = (m: Scored) => {
      let found = 0;
      for (let r = 0; r < top.size; r++) if (target[top.index[r]!] === c) found++;
      if (found > 0) hits[m] += 1;
      precision[m] += found / k;
    };

    for (const method of RECOMMENDATION_METHODS) {
      top.reset();
      scoreFromSeeds(model, method, seeds, sum, touched);
      for (const j of touched) {
        if (bought[j] !== c) top.offer(j, sum[j]!);
        sum[j] = 0;
      }
      touched.length = 0;
      score(method);
    }

    top.reset();
    for (let r = 0; r < popular.length && top.size < k; r++) {
      const j = popular[r]!;
      if (bought[j] !== c) top.offer(j, popularScore[j]!);
    }
    score('popularity');
  }

  const rate = (x: number) => (evaluated > 0 ? Math.round((x / evaluated) * 1e4) / 1e4 : 0);
  return {
    customers_evaluated: evaluated,
    k,
    hit_rate_at_k: Object.fromEntries(methods.map((m) => [m, rate(hits[m])])) as Record<Scored, number>,
    precision_at_k: Object.fromEntries(methods.map((m) => [m, rate(precision[m])])) as Record<Scored, number>,
  };
}

/** Adds up the seeds' list scores into `sum`, recording the candidates in `touched`. */
function scoreFromSeeds(
  model: RecommendationModel,
  method: RecommendationMethod,
  seeds: readonly number[],
  sum: Float64Array,
  touched: number[],
): void {
  const { offsets, targets, scores } = model.lists[method];
  for (const i of seeds) {
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
      const j = targets[e]!;
      if (sum[j] === 0) touched.push(j);
      sum[j]! += scores[e]!;
    }
  }
}
