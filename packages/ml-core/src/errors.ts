/**
 * The data cannot support what was asked (too little history, no sales at all). Retrying will not help;
 * the API answers 422 `insufficient_data` and the worker fails the job at once.
 */
export class InsufficientDataError extends Error {
  override readonly name = 'InsufficientDataError';

  constructor(
    /** What is counted, in the plural, e.g. "days of sales history". */
    readonly unit: string,
    readonly found: number,
    readonly needed: number,
  ) {
    super(`need at least ${needed} ${unit}, found ${found}`);
  }
}
