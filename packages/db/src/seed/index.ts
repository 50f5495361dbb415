export {
  type CustomerRow,
  GENERATE_LIMITS,
  type GeneratedCollection,
  type GeneratedStore,
  type GenerateOptions,
  generateStore,
  type OrderItemRow,
  type OrderRow,
  PERSONAS,
  type Persona,
  type ProductRow,
  validateGenerateOptions,
} from './generate';
export { SeedRefusedError, type StoreCounts, type WriteStoreOptions, writeStore } from './write';
