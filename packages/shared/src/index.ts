export { type Config, ConfigError, type ConfigNeed, loadConfig } from './config';
export { AppError, ERROR_STATUS, type ErrorCode } from './errors';
export {
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
  type TrainingResult,
  type TrainSalesForecastData,
  trainSalesForecastBody,
} from './jobs';
export { createLogger, type Logger, type LoggerOptions } from './logger';
export { decoyPasswordHash, hashPassword, verifyPassword } from './password';
export { createRedis } from './redis';
