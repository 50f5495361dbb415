export * from './demand';
export { pingDatabase } from './health';
export * from './inventory';
export * from './lists';
export {
  type ActiveModel,
  activeModel,
  activeModelRef,
  committedModelOfJob,
  countModels,
  type NewModel,
  saveAndActivateModel,
} from './models';
export { recordPrediction } from './predictions';
export * from './recommendations';
export {
  type DailySalesRow,
  dailySales,
  type ProductDailyUnitsRow,
  paidSalesSpan,
  productDailyUnits,
} from './sales';
export * from './segments';
export { completeTrainingLog, failTrainingLog, startTrainingLog, trainingLogsOfJob } from './training-logs';
export { type UserRecord, upsertUser, userByUsername, userRoleById } from './users';
