import { JOB_DEFINITIONS, predictSalesBody } from '@boutique/shared';
import { z } from 'zod';
import { tokenRequestBody } from '../routes/auth';
import { customerSegmentsQuery, productsQuery } from '../routes/catalog';
import { noQuery, reorderQuery } from '../routes/inventory';
import { jobIdParam } from '../routes/jobs';
import {
  activateBody,
  alertsQuery,
  idPath,
  modelsQuery,
  predictionsQuery,
  resolveBody,
  trainingLogsQuery,
} from '../routes/lists';
import { productPath, recommendationQuery } from '../routes/recommendations';
import { salesHistoryQuery } from '../routes/sales-history';
import { customerPath } from '../routes/segments';
import { POSTED_JOBS } from '../routes/training';
import type { DocumentInfo, Operation } from './document';
import {
  customerSegmentsPageBody,
  healthBody,
  importAcceptedBody,
  jobAcceptedBody,
  jobStatusBody,
  pageBody,
  predictSalesResponse,
  productsPageBody,
  readyBody,
  rowBody,
  successBody,
  tokenBody,
} from './responses';

// Every operation the app serves, with the schemas its route validates with. test/openapi.test.ts walks the
// express router and fails when a route is missing here or an entry here is not routed.

export const INFO: DocumentInfo = {
  title: 'boutique-ml API',
  version: '0.1.0',
  description:
    'Machine learning for a fashion boutique back office. `/api/ml/*` needs `Authorization: Bearer <token>` ' +
    'of an admin or superuser (POST /api/auth/token/). Errors are always ' +
    '`{"success": false, "error": {"code", "message", "details"?}}`. Training and analyses run in a worker: ' +
    'their POST answers 202 with a `status_url` to poll. The queue dashboard (Bull Board) is at /admin/queues.',
  tags: [
    { name: 'Auth', description: 'Access tokens' },
    { name: 'Training', description: 'Queue a model training or an analysis (answers 202 with a job)' },
    { name: 'Store', description: "Import the store's own data from CSV" },
    { name: 'Jobs', description: 'Progress and result of a queued job' },
    { name: 'Forecast', description: 'Sales forecast from the active model' },
    { name: 'Recommendations', description: 'Product recommendations of the active model' },
    { name: 'Segments', description: 'Customer segments of the active model' },
    { name: 'Inventory', description: 'The latest inventory analysis' },
    { name: 'Dashboard', description: 'One-call summary for the back office' },
    { name: 'History', description: 'Models, predictions, training logs and inventory alerts (paginated)' },
    { name: 'Health', description: 'Probes for orchestrators' },
    { name: 'Docs', description: 'This document and its viewer' },
  ],
};

const notFound = (what: string) => `\`not_found\`: no ${what} with this id.`;
const noAnalysis = '`not_found`: no inventory analysis yet (POST /api/ml/analyze-inventory/ first).';
const page = { description: 'One page: `count`, `next`, `previous`, `results`.', schema: pageBody };
const row = (what: string) => ({ description: `The ${what}.`, schema: rowBody });

/** POST /api/ml/<job-name>/ for every job definition, as routes/training.ts mounts them. */
const jobOperations: Operation[] = POSTED_JOBS.map((name) => ({
  method: 'post',
  path: `/api/ml/${name}/`,
  summary: `Queue ${/^[aeiou]/.test(JOB_DEFINITIONS[name].label) ? 'an' : 'a'} ${JOB_DEFINITIONS[name].label}`,
  description:
    'Validates the body with the job schema the worker also uses, enqueues the job and answers 202 with ' +
    'its `status_url`. While one is waiting or running, answers that job (`existing: true`).',
  tag: 'Training',
  auth: 'ml',
  body: JOB_DEFINITIONS[name].data,
  responses: {
    202: { description: 'Queued (or already queued).', schema: jobAcceptedBody },
    503: '`queue_unavailable`: Redis is not reachable; try again shortly.',
  },
}));

/**
 * The upload form of POST /api/store/import/: the import job's own options, with the CSV as `file` and
 * `map` as text (routes/import.ts parses it); the file name inside IMPORT_DIR is the API's to choose.
 */
const importForm = JOB_DEFINITIONS['import-store'].data.omit({ upload: true, original_name: true }).extend({
  file: z.file().meta({ description: 'The CSV.' }),
  map: z.string().optional().meta({
    description: 'Field → column header: a JSON object, or `field=Column` pairs separated by commas.',
  }),
});

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/healthz',
    summary: 'The process is up',
    tag: 'Health',
    auth: 'public',
    responses: { 200: { description: 'Up.', schema: healthBody } },
  },
  {
    method: 'get',
    path: '/readyz',
    summary: 'Postgres and Redis answer',
    tag: 'Health',
    auth: 'public',
    responses: {
      200: { description: 'Ready.', schema: readyBody },
      503: { description: 'Not ready: `checks` says which dependency failed.', schema: readyBody },
    },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    tag: 'Docs',
    auth: 'public',
    responses: { 200: 'The document.' },
  },
  {
    method: 'get',
    path: '/api/docs/',
    summary: 'Interactive API documentation (Swagger UI)',
    tag: 'Docs',
    auth: 'public',
    responses: { 200: { description: 'An HTML page.', contentType: 'text/html' } },
  },
  {
    method: 'post',
    path: '/api/auth/token/',
    summary: 'Exchange username and password for an access token',
    tag: 'Auth',
    auth: 'public',
    body: tokenRequestBody,
    responses: {
      200: { description: 'An HS256 access token.', schema: tokenBody },
      401: '`unauthorized`: wrong username or password (the same answer for both).',
      429: '`rate_limited`: too many failed attempts from this address or for this user.',
    },
  },
  ...jobOperations,
  {
    method: 'post',
    path: '/api/store/import/',
    summary: "Upload a CSV of the store's data and queue its import",
    description:
      'The file is stored and an `import-store` job queued; poll `status_url` for progress and the report ' +
      '(rows imported, rows rejected and why).',
    tag: 'Store',
    auth: 'ml',
    body: importForm,
    bodyType: 'multipart/form-data',
    responses: {
      202: { description: 'Received and queued.', schema: importAcceptedBody },
      413: '`payload_too_large`: the file is larger than IMPORT_MAX_BYTES.',
      503: '`queue_unavailable`: Redis is not reachable; try again shortly.',
    },
  },
  {
    method: 'get',
    path: '/api/store/import/{jobId}/rejects/',
    summary: 'The rows an import rejected, as CSV',
    tag: 'Store',
    auth: 'ml',
    // routes/import.ts checks the id with a regular expression rather than a zod object: described here.
    params: z.strictObject({ jobId: z.uuid() }),
    responses: {
      200: {
        description: 'The rejected rows with the reason of each.',
        schema: z.string(),
        contentType: 'text/csv',
      },
      404: '`not_found`: no such import job, or it rejected no rows (or has not finished).',
    },
  },
  {
    method: 'get',
    path: '/api/ml/jobs/{jobId}/',
    summary: 'State, progress, attempts and result or error of a queued job',
    tag: 'Jobs',
    auth: 'ml',
    params: jobIdParam,
    responses: {
      200: { description: 'The job.', schema: jobStatusBody },
      404: '`not_found`: no such job (finished jobs are kept for 7 days).',
    },
  },
  {
    method: 'post',
    path: '/api/ml/predict-sales/',
    summary: 'Daily sales forecast for the next 1–90 days',
    tag: 'Forecast',
    auth: 'ml',
    body: predictSalesBody,
    responses: {
      200: { description: 'Daily predictions with intervals, and a summary.', schema: predictSalesResponse },
      404: '`model_not_found`: no sales forecast model yet (POST /api/ml/train-sales-forecast/ first).',
    },
  },
  {
    method: 'get',
    path: '/api/ml/sales-history/',
    summary: "Paid sales per day before the forecast's `as_of`, zero-filled",
    description:
      '`history[]` of `date`, `sales`, `quantity`: the days the model saw, to chart beside a forecast.',
    tag: 'Forecast',
    auth: 'ml',
    query: salesHistoryQuery,
    responses: { 200: { description: 'The daily history.', schema: successBody } },
  },
  {
    method: 'get',
    path: '/api/ml/product-recommendations/{productId}/',
    summary: "A product's stored top-N recommendations",
    description: 'Each with `product_name`, `similarity_score` (0..1), `price`, `image_url`, `rank`.',
    tag: 'Recommendations',
    auth: 'ml',
    params: productPath,
    query: recommendationQuery,
    responses: {
      200: { description: 'The recommendations.', schema: successBody },
      404: '`model_not_found` before the first training; `not_found` for an unknown product.',
    },
  },
  {
    method: 'get',
    path: '/api/ml/customer-segment/{customerId}/',
    summary: "A customer's segment, lifetime value and suggested actions",
    description: '`recommendations` are in Spanish with `Accept-Language: es`.',
    tag: 'Segments',
    auth: 'ml',
    params: customerPath,
    responses: {
      200: { description: 'The segment.', schema: successBody },
      404: '`model_not_found` before the first training; `not_found` for an unknown customer or one without paid orders.',
    },
  },
  {
    method: 'get',
    path: '/api/ml/customer-segments/',
    summary: 'The customers of the active segmentation model, by segment',
    description:
      'Each with `cluster`, `segment_type`, `confidence_score`, `lifetime_value_prediction` and the RFM ' +
      '`characteristics`; most valuable first unless `ordering` says otherwise.',
    tag: 'Segments',
    auth: 'ml',
    query: customerSegmentsQuery,
    responses: {
      200: { description: 'One page of customers.', schema: customerSegmentsPageBody },
      404: '`model_not_found`: no segmentation model yet (POST /api/ml/train-customer-segmentation/ first).',
    },
  },
  {
    method: 'get',
    path: '/api/ml/products/',
    summary: 'The product catalogue, by name, for pickers',
    description: '`search` matches the name or sku case-insensitively, as literal text.',
    tag: 'Recommendations',
    auth: 'ml',
    query: productsQuery,
    responses: { 200: { description: 'One page of products.', schema: productsPageBody } },
  },
  {
    method: 'get',
    path: '/api/ml/inventory-analysis/',
    summary: 'The latest inventory analysis: open alerts and summary',
    tag: 'Inventory',
    auth: 'ml',
    query: noQuery,
    responses: { 200: { description: 'The analysis.', schema: successBody }, 404: noAnalysis },
  },
  {
    method: 'get',
    path: '/api/ml/reorder-recommendations/',
    summary: 'What to order, by priority, with cost',
    tag: 'Inventory',
    auth: 'ml',
    query: reorderQuery,
    responses: { 200: { description: 'The recommendations.', schema: successBody }, 404: noAnalysis },
  },
  {
    method: 'get',
    path: '/api/ml/inventory-health/',
    summary: 'Health score, status and advice',
    description: 'Advice in Spanish with `Accept-Language: es`.',
    tag: 'Inventory',
    auth: 'ml',
    query: noQuery,
    responses: { 200: { description: 'The health.', schema: successBody }, 404: noAnalysis },
  },
  {
    method: 'get',
    path: '/api/ml/dashboard-summary/',
    summary: 'Active models, predictions, alerts, recent models and trainings, queue counts',
    tag: 'Dashboard',
    auth: 'ml',
    responses: { 200: { description: 'The summary.', schema: successBody } },
  },
  {
    method: 'get',
    path: '/api/ml/models/',
    summary: 'Trained models',
    tag: 'History',
    auth: 'ml',
    query: modelsQuery,
    responses: { 200: page },
  },
  {
    method: 'get',
    path: '/api/ml/models/{id}/',
    summary: 'One model with its metrics',
    tag: 'History',
    auth: 'ml',
    params: idPath,
    responses: { 200: row('model'), 404: notFound('model') },
  },
  {
    method: 'post',
    path: '/api/ml/models/{id}/activate/',
    summary: 'Make this model version the active one (roll back)',
    tag: 'History',
    auth: 'ml',
    params: idPath,
    body: activateBody,
    responses: {
      200: { description: '`{success, model}`: the activated model.', schema: successBody },
      404: notFound('model'),
    },
  },
  {
    method: 'get',
    path: '/api/ml/predictions/',
    summary: 'Recorded predictions',
    tag: 'History',
    auth: 'ml',
    query: predictionsQuery,
    responses: { 200: page },
  },
  {
    method: 'get',
    path: '/api/ml/predictions/{id}/',
    summary: 'One recorded prediction',
    tag: 'History',
    auth: 'ml',
    params: idPath,
    responses: { 200: row('prediction'), 404: notFound('prediction') },
  },
  {
    method: 'get',
    path: '/api/ml/training-logs/',
    summary: 'Training runs',
    tag: 'History',
    auth: 'ml',
    query: trainingLogsQuery,
    responses: { 200: page },
  },
  {
    method: 'get',
    path: '/api/ml/training-logs/{id}/',
    summary: 'One training run',
    tag: 'History',
    auth: 'ml',
    params: idPath,
    responses: { 200: row('training log'), 404: notFound('training log') },
  },
  {
    method: 'get',
    path: '/api/ml/inventory-alerts/',
    summary: 'Inventory alerts',
    tag: 'History',
    auth: 'ml',
    query: alertsQuery,
    responses: { 200: page },
  },
  {
    method: 'get',
    path: '/api/ml/inventory-alerts/{id}/',
    summary: 'One inventory alert',
    tag: 'History',
    auth: 'ml',
    params: idPath,
    responses: { 200: row('inventory alert'), 404: notFound('inventory alert') },
  },
  {
    method: 'post',
    path: '/api/ml/inventory-alerts/{id}/resolve/',
    summary: 'Resolve an alert, recording who and when',
    tag: 'History',
    auth: 'ml',
    params: idPath,
    body: resolveBody,
    responses: {
      200: { description: '`{success, alert}`: the resolved alert.', schema: successBody },
      404: notFound('inventory alert'),
      409: '`conflict`: the alert is already resolved.',
    },
  },
];
