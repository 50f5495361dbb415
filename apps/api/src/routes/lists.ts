import {
  ALERT_ORDERINGS,
  ALERT_TYPES,
  activateModel,
  inventoryAlertById,
  listInventoryAlerts,
  listModels,
  listPredictions,
  listTrainingLogs,
  MODEL_ORDERINGS,
  MODEL_TYPES,
  modelById,
  PREDICTION_ORDERINGS,
  predictionById,
  resolveInventoryAlert,
  TRAINING_LOG_ORDERINGS,
  TRAINING_STATUSES,
  trainingLogById,
} from '@boutique/db';
import { AppError, CACHE_KEYS } from '@boutique/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../context';
import { parseOr400, withoutNul } from '../middleware/validate';
import { pageQuery, paginated, queryBoolean } from '../services/pagination';

export const idPath = z.strictObject({ id: z.uuid('must be an id (uuid)') });
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of: ${values.join(', ')}` });

export const modelsQuery = z.strictObject({
  ...pageQuery(MODEL_ORDERINGS, '-trained_at'),
  model_type: oneOf(MODEL_TYPES).optional(),
  is_active: queryBoolean.optional(),
});
export const predictionsQuery = z.strictObject({
  ...pageQuery(PREDICTION_ORDERINGS, '-created_at'),
  prediction_type: withoutNul(z.string().max(64)).optional(),
  model_id: z.uuid('must be a model id (uuid)').optional(),
});
export const trainingLogsQuery = z.strictObject({
  ...pageQuery(TRAINING_LOG_ORDERINGS, '-started_at'),
  model_type: oneOf(MODEL_TYPES).optional(),
  status: oneOf(TRAINING_STATUSES).optional(),
});
export const alertsQuery = z.strictObject({
  ...pageQuery(ALERT_ORDERINGS, '-urgency_level'),
  alert_type: oneOf(ALERT_TYPES).optional(),
  urgency_level: z.coerce
    .number()
    .int('must be 1 to 5')
    .min(1, 'must be 1 to 5')
    .max(5, 'must be 1 to 5')
    .optional(),
  is_resolved: queryBoolean.optional(),
  include_superseded: queryBoolean.optional(),
});
/** Rolling back takes no options: a body, if sent, must be empty. */
export const activateBody = z.strictObject({});
export const resolveBody = z.strictObject({
  note: withoutNul(z.string().trim().max(2000, 'is longer than 2,000 characters')).optional(),
});

function found<T>(row: T | null, what: string, id: string): T {
  if (!row) throw new AppError('not_found', `No ${what} with id ${id}.`);
  return row;
}

/** The guide's list and detail endpoints: models (with rollback), predictions, training logs, alerts. */
export function listsRouter(deps: AppDeps): Router {
  const router = Router();
  const db = () => deps.database.db;

  router.get('/models/', async (req, res) => {
    const q = parseOr400(modelsQuery, req.query, 'query');
    const { count, rows } = await listModels(
      db(),
      { modelType: q.model_type, isActive: q.is_active },
      { page: q.page, pageSize: q.page_size, ordering: q.ordering },
    );
    res.json(paginated(req, q.page, q.page_size, count, rows));
  });
  router.get('/models/:id/', async (req, res) => {
    const { id } = parseOr400(idPath, req.params, 'path');
    res.json(found(await modelById(db(), id), 'model', id));
  });
  router.post('/models/:id/activate/', async (req, res) => {
    const { id } = parseOr400(idPath, req.params, 'path');
    parseOr400(activateBody, req.body, 'body');
    const model = await db().transaction((tx) => activateModel(tx, id));
    if (model) await deps.cache.invalidate(CACHE_KEYS.activeModel(model.model_type), CACHE_KEYS.dashboard);
    res.json({ success: true, model: found(model, 'model', id) });
  });

  router.get('/predictions/', async (req, res) => {
    const q = parseOr400(predictionsQuery, req.query, 'query');
    const { count, rows } = await listPredictions(
      db(),
      { predictionType: q.prediction_type, modelId: q.model_id },
      { page: q.page, pageSize: q.page_size, ordering: q.ordering },
    );
    res.json(paginated(req, q.page, q.page_size, count, rows));
  });
  router.get('/predictions/:id/', async (req, res) => {
    const { id } = parseOr400(idPath, req.params, 'path');
    res.json(found(await predictionById(db(), id), 'prediction', id));
  });

  router.get('/training-logs/', async (req, res) => {
    const q = parseOr400(trainingLogsQuery, req.query, 'query');
    const { count, rows } = await listTrainingLogs(
      db(),
      { modelType: q.model_type, status: q.status },
      { page: q.page, pageSize: q.page_size, ordering: q.ordering },
    );
    res.json(paginated(req, q.page, q.page_size, count, rows));
  });
  router.get('/training-logs/:id/', async (req, res) => {
    const { id } = parseOr400(idPath, req.params, 'path');
    res.json(found(await trainingLogById(db(), id), 'training log', id));
  });

  router.get('/inventory-alerts/', async (req, res) => {
    const q = parseOr400(alertsQuery, req.query, 'query');
    const { count, rows } = await listInventoryAlerts(
      db(),
      {
        alertType: q.alert_type,
        urgencyLevel: q.urgency_level,
        isResolved: q.is_resolved,
        includeSuperseded: q.include_superseded,
      },
      { page: q.page, pageSize: q.page_size, ordering: q.ordering },
    );
    res.json(paginated(req, q.page, q.page_size, count, rows));
  });
  router.get('/inventory-alerts/:id/', async (req, res) => {
    const { id } = parseOr400(idPath, req.params, 'path');
    res.json(found(await inventoryAlertById(db(), id), 'inventory alert', id));
  });
  router.post('/inventory-alerts/:id/resolve/', async (req, res) => {
    const { id } = parseOr400(idPath, req.params, 'path');
    const { note } = parseOr400(resolveBody, req.body, 'body');
    const outcome = await resolveInventoryAlert(db(), id, {
      userId: res.locals.user?.sub ?? null,
      note: note ?? null,
    });
    if (outcome === 'not_found') throw new AppError('not_found', `No inventory alert with id ${id}.`);
    if (outcome === 'already_resolved')
      throw new AppError('conflict', `Inventory alert ${id} is already resolved.`);
    res.json({ success: true, alert: await inventoryAlertById(db(), id) });
  });
  return router;
}
