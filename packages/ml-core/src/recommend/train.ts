/**
 * # Product recommendations
 *
 * Three lists of up to `topN` products for every active product (inactive products get none and are
 * never recommended; a product never recommends itself):
 *
 * - **bought_together** (collaborative): item–item co-purchase counts over paid baskets — and, with
 *   `customerWindowDays` > 0, across one customer's baskets within that many days — kept sparse
 *   (`co-purchase.ts`: one row of the count matrix at a time, never an n×n matrix), normalised by
 *   cosine, Jaccard or lift into [0, 1].
 * - **similar** (content): ml-distance cosine of weighted one-hot attribute vectors with a soft price
 *   band, over the active products of the same category (`content.ts`).
 * - **hybrid**: w_bt · (bought-together score ÷ the row's best) + w_sim · content score, weights
 *   divided by their sum so the score stays in [0, 1]. Scaling the co-purchase row by its best puts
 *   both parts on the same footing (co-purchase cosines are small in absolute terms, content cosines
 *   within a category large): hit-rate@10 of hybrid with the scaling vs the raw blend, demo store 0.291
 *   vs 0.154, synthetic outfit store 0.203 vs 0.177. A product with no co-purchase (cold start) gets
 *   its content list.
 *
 * Out-of-stock products (stock ≤ 0) follow `outOfStock` in all three lists: 'rank_down' halves their
 * score, 'filter' drops them, 'keep' ignores stock. Scores are rounded to 6 decimals; lists are ordered
 * by score, then by product id, so the same input always gives the same rows.
 *
 * `metrics.evaluation` is the offline next-order evaluation (`evaluate.ts`) on the same data.
 */
import { indexBaskets, indexCatalog } from './catalog';
import { buildContentLists } from './content';
import { evaluateIndexed } from './evaluate';
import { buildModel, stockFactorOf } from './model';
import {
  type Basket,
  EVALUATION_K,
  RECOMMENDATION_METHODS,
  type Recommendation,
  type RecommendationMetrics,
  type RecommendOptions,
  type RecProduct,
  resolveRecommendOptions,
} from './options';

export function trainRecommendations(
  products: RecProduct[],
  baskets: Basket[],
  options: Partial<RecommendOptions> = {},
): { recommendations: Recommendation[]; metrics: RecommendationMetrics } {
  const resolved = resolveRecommendOptions(options);
  const catalog = indexCatalog(products);
  const indexed = indexBaskets(catalog, baskets);
  const content = buildContentLists(catalog, resolved.topN, stockFactorOf(resolved));
  const model = buildModel(catalog, indexed, resolved, { content });

  const recommendations: Recommendation[] = [];
  for (let i = 0; i < catalog.n; i++) {
    for (const method of RECOMMENDATION_METHODS) {
      const { offsets, targets, scores } = model.lists[method];
      for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
        recommendations.push({
          productId: catalog.ids[i]!,
          recommendedProductId: catalog.ids[targets[e]!]!,
          method,
          score: scores[e]!,
          rank: e - offsets[i]! + 1,
        });
      }
    }
  }

  const hybridScores = model.lists.hybrid.scores;
  const avg = hybridScores.length > 0 ? hybridScores.reduce((a, b) => a + b, 0) / hybridScores.length : 0;
  const metrics: RecommendationMetrics = {
    total_products: catalog.n,
    matrix_shape: [catalog.n, catalog.n],
    avg_similarity: round4(avg),
    method: 'hybrid',
    coverage: model.activeProducts > 0 ? round4(model.covered / model.activeProducts) : 0,
    co_purchase_pairs: model.coPurchaseNonZeros,
    cold_start_products: model.coldStart,
    evaluation: evaluateIndexed(catalog, indexed, resolved, EVALUATION_K, {
      content,
      knownCosines: model.partnerCosines,
    }),
  };
  return { recommendations, metrics };
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
