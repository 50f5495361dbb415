import { InsufficientDataError } from '@boutique/ml-core';
import { AppError, type Logger } from '@boutique/shared';
import type { ErrorRequestHandler, RequestHandler } from 'express';

/** Postgres connection failures (server down, refused, timed out), as opposed to query errors. */
function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  const code = e?.cause?.code ?? e?.code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'CONNECT_TIMEOUT' ||
    code === 'CONNECTION_CLOSED' ||
    code === 'CONNECTION_ENDED' ||
    code === 'CONNECTION_DESTROYED' ||
    code === 'ENOTFOUND' ||
    code === '57P01' || // admin_shutdown
    code === '57P03' // cannot_connect_now
  );
}

/**
 * Text Postgres cannot store (U+0000, or bytes invalid in UTF-8) that got past validation: it came from the
 * request, so it is the client's error, not ours.
 */
function isUnstorableText(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  const code = e?.cause?.code ?? e?.code;
  return code === '22021' || code === '22P05'; // character_not_in_repertoire, untranslatable_character
}

/** Maps anything thrown to the one error shape; only our own messages ever reach the client. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof InsufficientDataError) {
    return new AppError('insufficient_data', err.message, {
      found: err.found,
      needed: err.needed,
      unit: err.unit,
    });
  }
  const e = err as { type?: string; status?: number; statusCode?: number } | null;
  if (e?.type === 'entity.parse.failed') {
    return new AppError('validation_error', 'The request body is not valid JSON.');
  }
  if (e?.type === 'entity.too.large') {
    return new AppError('payload_too_large', 'The request body is too large.');
  }
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new AppError('validation_error', 'The request body encoding is not supported; send UTF-8 JSON.');
  }
  if (isDatabaseUnavailable(err)) {
    return new AppError(
      'database_unavailable',
      'The database is not reachable right now. Try again shortly.',
    );
  }
  if (isUnstorableText(err)) {
    return new AppError(
      'validation_error',
      'The request contains characters that cannot be stored (such as U+0000); remove them and try again.',
    );
  }
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError('validation_error', 'The request could not be read.');
  }
  return new AppError('internal_error', 'Something went wrong on our side; it has been logged.');
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.status >= 500) {
      logger.error({ err, method: req.method, url: req.originalUrl, code: appError.code }, 'request failed');
    }
    if (res.headersSent) return;
    res.status(appError.status).json({ success: false, error: appError.toJSON() });
  };
}

export const notFound: RequestHandler = (req) => {
  throw new AppError('not_found', `No route ${req.method} ${req.path}`);
};
