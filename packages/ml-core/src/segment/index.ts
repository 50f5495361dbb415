// Customer segmentation: RFM-style features, k-means, segment names, confidence and lifetime value.

export {
  type CustomerFeatures,
  type CustomerOrder,
  customerFeatures,
  type FeatureScaler,
  SEGMENT_FEATURES,
  type SegmentFeature,
} from './features';
export { KMEANS_DEFAULTS, type KMeansOptions, type KMeansResult, kMeans } from './kmeans';
export { baseSegmentType, nameClusters, SEGMENT_TYPES, type SegmentType, segmentActions } from './names';
export { silhouetteExact, silhouetteScore } from './silhouette';
export {
  assignSegment,
  type ClvValidation,
  type CustomerSegment,
  SEGMENTATION_ARTIFACT_FORMAT,
  SEGMENTATION_ARTIFACT_VERSION,
  SEGMENTATION_DEFAULTS,
  SEGMENTATION_LIMITS,
  type SegmentationMetrics,
  type SegmentationModel,
  type SegmentationOptions,
  type SegmentCharacteristics,
  trainSegmentation,
} from './train';
