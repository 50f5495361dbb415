import { customerSegmentOf, customerSummary } from '@boutique/db';
import { segmentActions } from '@boutique/ml-core';
import { AppError, NEAR_SECONDS } from '@boutique/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../context';
import { parseOr400 } from '../middleware/validate';
import { cachedActiveModel } from '../services/active-model';

export const customerPath = z.strictObject({ customerId: z.uuid('must be a customer id (uuid)') });

/**
 * GET /api/ml/customer-segment/{customer_id}/: the customer's segment in the active model. A customer
 * without paid orders was not segmented (there is nothing to measure): 404 with that reason.
 */
export function segmentsRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/customer-segment/:customerId/', async (req, res) => {
    const { customerId } = parseOr400(customerPath, req.params, 'path');
    const { db } = deps.database;
    const model = await cachedActiveModel(deps, 'customer_segmentation');
    if (!model) {
      throw new AppError(
        'model_not_found',
        'No customer segmentation model yet: train the model first: POST /api/ml/train-customer-segmentation/',
      );
    }
    // Keys carry the model id: a segmentation never changes once stored.
    const found = await deps.cache.get(
      `segment:${model.id}:${customerId}`,
      86_400,
      async () => {
        const customer = await customerSummary(db, customerId);
        return customer ? { customer, segment: await customerSegmentOf(db, model.id, customerId) } : null;
      },
      NEAR_SECONDS.perModel,
    );
    if (!found) throw new AppError('not_found', `No customer with id ${customerId}.`);
    const { customer, segment } = found;
    if (!segment) {
      throw new AppError(
        'not_found',
        `Customer ${customerId} has no paid order before the model was trained, so it has no segment yet.`,
      );
    }
    const language = req.acceptsLanguages('en', 'es') === 'es' ? 'es' : 'en';
    res.json({
      success: true,
      customer_id: customerId,
      customer_name: customer.name,
      cluster: segment.cluster,
      segment_type: segment.segmentType,
      confidence_score: segment.confidenceScore,
      characteristics: segment.characteristics,
      lifetime_value_prediction: segment.lifetimeValuePrediction,
      recommendations: segmentActions(segment.segmentType, language),
      model_id: model.id,
      model_version: model.version,
    });
  });
  return router;
}
