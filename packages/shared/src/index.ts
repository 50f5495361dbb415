export { type Config, ConfigError, type ConfigNeed, loadConfig } from './config';
export { AppError, ERROR_STATUS, type ErrorCode } from './errors';
export {
  type AnalyzeInventoryData,
  analyzeInventoryBody,
  FORECAST_ALGORITHMS,
  type ForecastAlgorithm,
  formatJobFailure,
  JOB_DEFINITIONS,
  type JobData,
  type JobName,
  type PredictSalesInput,
  parseJobFailure,
  predictSalesBody,
  QUEUE_NAMES,
  type QueueName,
  type TrainCustomerSegmentationData,
  type TrainingResult,
  type TrainProductRecommendationData,
  type TrainSalesForecastData,
  trainCustomerSegmentationBody,
  trainProductRecommendationBody,
  trainSalesForecastBody,
} from './jobs';
export { createLogger, type Logger, type LoggerOptions } from './logger';
export { decoyPasswordHash, hashPassword, verifyPassword } from './password';
export {
  closeQueues,
  createQueues,
  type Enqueued,
  enqueue,
  type QueueSettings,
  type Queues,
  withQueue,
} from './queues';
export { CACHE_KEYS, CURRENT_TTL_SECONDS, NEAR_SECONDS, ReadCache } from './read-cache';
export { createRedis } from './redis';
