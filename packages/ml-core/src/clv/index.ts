// Customer lifetime value: BG/NBD purchase counts, Gamma-Gamma spend, and their hold-out check.

export {
  type BgNbdFit,
  type BgNbdParams,
  expectedPurchases,
  fitBgNbd,
  probabilityAlive,
  type RepeatSummary,
} from './bg-nbd';
export {
  expectedAverageValue,
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaParams,
} from './gamma-gamma';
export {
  CLV_METHODS,
  type ClvHoldout,
  type ClvMethod,
  type ClvModel,
  type ClvPrediction,
  type PurchaseHistory,
} from './lifetime-value';
