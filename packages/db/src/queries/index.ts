export * from './demand';
export { pingDatabase } from './health';
export {
  type ActiveModel,
  activeModel,
  activeModelRef,
  countModels,
  type NewModel,
  saveAndActivateModel,
} from './models';
export { recordPrediction } from './predictions';
export {
  type DailySalesRow,
  dailySales,
  type ProductDailyUnitsRow,
  paidSalesSpan,
  productDailyUnits,
} from './sales';
export { completeTrainingLog, failTrainingLog, startTrainingLog, trainingLogsOfJob } from './training-logs';
export { type UserRecord, upsertUser, userByUsername } from './users';
