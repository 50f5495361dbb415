import {
  CUSTOMER_SEGMENT_ORDERINGS,
  listCustomerSegments,
  listProducts,
  PRODUCT_ORDERINGS,
} from '@boutique/db';
import { SEGMENT_TYPES } from '@boutique/ml-core';
import { AppError } from '@boutique/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../context';
import { parseOr400, withoutNul } from '../middleware/validate';
import { cachedActiveModel } from '../services/active-model';
import { pageQuery, paginated } from '../services/pagination';

export const customerSegmentsQuery = z.strictObject({
  ...pageQuery(CUSTOMER_SEGMENT_ORDERINGS, '-lifetime_value'),
  segment_type: z
    .enum(SEGMENT_TYPES, { error: `must be one of: ${SEGMENT_TYPES.join(', ')}` })
    .optional()
    .meta({ description: 'a segment type; also matches its numbered variants (`frequent_2`) when k > 6' }),
});
export const productsQuery = z.strictObject({
  ...pageQuery(PRODUCT_ORDERINGS, 'name'),
  search: withoutNul(z.string().max(100, 'is longer than 100 characters'))
    .optional()
    .meta({ description: 'text in the name or sku, case-insensitive; `%` and `_` match themselves' }),
  category: withoutNul(z.string().max(100, 'is longer than 100 characters'))
    .optional()
    .meta({ description: 'exact category' }),
});

/**
 * The lists the dashboard's pickers and tables read: the customers of the active segmentation model and
 * the product catalogue.
 */
export function catalogRouter(deps: AppDeps): Router {
  const router = Router();
  const db = () => deps.database.db;

  router.get('/customer-segments/', async (req, res) => {
    const q = parseOr400(customerSegmentsQuery, req.query, 'query');
    const model = await cachedActiveModel(deps, 'customer_segmentation');
    if (!model) {
      throw new AppError(
        'model_not_found',
        'No customer segmentation model yet: train the model first: POST /api/ml/train-customer-segmentation/',
      );
    }
    const { count, rows } = await listCustomerSegments(
      db(),
      model.id,
      { segmentType: q.segment_type },
      { page: q.page, pageSize: q.page_size, ordering: q.ordering },
    );
    res.json(paginated(req, q.page, q.page_size, count, rows));
  });

  router.get('/products/', async (req, res) => {
    const q = parseOr400(productsQuery, req.query, 'query');
    const { count, rows } = await listProducts(
      db(),
      { search: q.search, category: q.category },
      { page: q.page, pageSize: q.page_size, ordering: q.ordering },
    );
    res.json(paginated(req, q.page, q.page_size, count, rows));
  });
  return router;
}
