import { latestInventoryAnalysis, listInventoryAlerts } from '@boutique/db';
import {
  type InventoryHealth,
  type ProductInventoryAnalysis,
  reorderRecommendations,
} from '@boutique/ml-core';
import { AppError } from '@boutique/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../context';
import { parseOr400 } from '../middleware/validate';

export const noQuery = z.strictObject({});
export const reorderQuery = z.strictObject({
  priority: z.enum(['high', 'medium', 'low'], { error: 'must be one of: high, medium, low' }).optional(),
});

/** The latest stored analysis, or a 404 that says how to make one. */
async function latest(deps: AppDeps) {
  const analysis = await latestInventoryAnalysis(deps.database.db);
  if (!analysis) {
    throw new AppError(
      'not_found',
      'No inventory analysis yet: run one first: POST /api/ml/analyze-inventory/ (then poll its status_url).',
    );
  }
  return analysis;
}

/** GET inventory-analysis, reorder-recommendations and inventory-health: read from the latest analysis. */
export function inventoryRouter(deps: AppDeps): Router {
  const router = Router();

  router.get('/inventory-analysis/', async (req, res) => {
    parseOr400(noQuery, req.query, 'query');
    const analysis = await latest(deps);
    // The open alerts of the latest analysis (resolving one hides it here; the list endpoint keeps it).
    const alerts = await listInventoryAlerts(
      deps.database.db,
      { isResolved: false },
      { page: 1, pageSize: 100_000, ordering: '-urgency_level' },
    );
    const { health: _health, ...summary } = analysis.summary as Record<string, unknown>;
    res.json({
      success: true,
      analysis_id: analysis.id,
      as_of: analysis.asOf,
      created_at: analysis.createdAt,
      demand_source: analysis.demandSource,
      total_products_analyzed: analysis.productsAnalyzed,
      alerts: alerts.rows,
      summary,
    });
  });

  router.get('/reorder-recommendations/', async (req, res) => {
    const { priority } = parseOr400(reorderQuery, req.query, 'query');
    const analysis = await latest(deps);
    const all = reorderRecommendations({ products: analysis.products as ProductInventoryAnalysis[] });
    const recommendations = priority
      ? all.recommendations.filter((r) => r.priority === priority)
      : all.recommendations;
    res.json({
      success: true,
      analysis_id: analysis.id,
      as_of: analysis.asOf,
      recommendations,
      total_recommendations: recommendations.length,
      estimated_total_cost:
        Math.round(recommendations.reduce((sum, r) => sum + r.estimated_cost, 0) * 100) / 100,
      by_priority: all.by_priority,
    });
  });

  router.get('/inventory-health/', async (req, res) => {
    parseOr400(noQuery, req.query, 'query');
    const analysis = await latest(deps);
    const health = (analysis.summary as { health: InventoryHealth }).health;
    const language = req.acceptsLanguages('en', 'es') === 'es' ? 'es' : 'en';
    res.json({
      success: true,
      analysis_id: analysis.id,
      as_of: analysis.asOf,
      health_score: health.health_score,
      status: health.status,
      metrics: health.metrics,
      recommendations: health.advice[language],
    });
  });
  return router;
}
