import { productSummary, recommendationsFor } from '@boutique/db';
import { AppError, NEAR_SECONDS } from '@boutique/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../context';
import { parseOr400 } from '../middleware/validate';
import { cachedActiveModel } from '../services/active-model';

/** A model's lists never change, so their answers can be kept for a day (keys carry the model id). */
const MODEL_ANSWER_TTL_SECONDS = 86_400;

export const productPath = z.strictObject({ productId: z.uuid('must be a product id (uuid)') });
export const recommendationQuery = z.strictObject({
  top_n: z.coerce
    .number({ error: 'must be a whole number from 1 to 50' })
    .int('must be a whole number from 1 to 50')
    .min(1, 'must be at least 1')
    .max(50, 'must be at most 50')
    .default(10),
  method: z
    .enum(['hybrid', 'bought_together', 'similar'], {
      error: 'must be one of: hybrid, bought_together, similar',
    })
    .default('hybrid'),
});

/** GET /api/ml/product-recommendations/{product_id}/: the stored top-N of the active model. */
export function recommendationsRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/product-recommendations/:productId/', async (req, res) => {
    const { productId } = parseOr400(productPath, req.params, 'path');
    const { top_n, method } = parseOr400(recommendationQuery, req.query, 'query');
    const { db } = deps.database;
    const model = await cachedActiveModel(deps, 'product_recommendation');
    if (!model) {
      throw new AppError(
        'model_not_found',
        'No product recommendation model yet: train the model first: POST /api/ml/train-product-recommendation/',
      );
    }
    const answer = await deps.cache.get(
      `recommendations:${model.id}:${productId}:${method}:${top_n}`,
      MODEL_ANSWER_TTL_SECONDS,
      async () => {
        const product = await productSummary(db, productId);
        if (!product) return null;
        const recommendations = await recommendationsFor(db, {
          modelId: model.id,
          productId,
          method,
          topN: top_n,
        });
        return {
          success: true,
          source_product_id: productId,
          source_product_name: product.name,
          method,
          model_id: model.id,
          model_version: model.version,
          recommendations,
        };
      },
      NEAR_SECONDS.perModel,
    );
    if (!answer) throw new AppError('not_found', `No product with id ${productId}.`);
    res.json(answer);
  });
  return router;
}
