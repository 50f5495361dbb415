export { evaluateRecommendations } from './evaluate';
export {
  type Basket,
  CO_PURCHASE_NORMALIZATIONS,
  type CoPurchaseNormalization,
  type OfflineEvaluation,
  OUT_OF_STOCK_POLICIES,
  type OutOfStockPolicy,
  RECOMMEND_DEFAULTS,
  RECOMMENDATION_METHODS,
  type Recommendation,
  type RecommendationMethod,
  type RecommendationMetrics,
  type RecommendOptions,
  type RecProduct,
} from './options';
export { trainRecommendations } from './train';
