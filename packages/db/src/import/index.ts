export { ENCODINGS, type Encoding } from './csv';
export { fieldNames, IMPORT_KINDS, ImportInputError, type ImportKind } from './fields';
export {
  type FileReport,
  type ImportFiles,
  type ImportOptions,
  type ImportProgress,
  type ImportReport,
  importStore,
  type RejectReason,
} from './run';
export { DATE_FORMATS, type DateFormat, parseDate, parseMoney } from './values';
