import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError, JOB_DEFINITIONS, withQueue } from '@boutique/shared';
import { type RequestHandler, Router } from 'express';
import helmet from 'helmet';
import multer from 'multer';
import type { AppDeps } from '../context';
import { parseOr400 } from '../middleware/validate';

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FORM_FIELDS = ['kind', 'map', 'date_format', 'encoding', 'cancel_prefix'] as const;

/** `map` as a form field: a JSON object, or `field=Column` pairs separated by commas (as the CLI takes). */
function parseMap(text: unknown): unknown {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const t = text.trim();
  if (t.startsWith('{')) {
    try {
      return JSON.parse(t);
    } catch {
      throw new AppError('validation_error', 'Invalid request body: map is not valid JSON', {
        body: [{ field: 'map', message: 'must be a JSON object or field=Column pairs' }],
      });
    }
  }
  return Object.fromEntries(
    t
      .split(',')
      .filter((p) => p.includes('='))
      .map((p) => [p.slice(0, p.indexOf('=')).trim(), p.slice(p.indexOf('=') + 1).trim()]),
  );
}

function uploadError(err: unknown, maxBytes: number): AppError {
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') {
      return new AppError(
        'payload_too_large',
        `The file is larger than the ${Math.floor(maxBytes / (1024 * 1024))} MiB an upload may have (IMPORT_MAX_BYTES).`,
        { max_bytes: maxBytes },
      );
    }
    if (err.code === 'LIMIT_UNEXPECTED_FILE') {
      return new AppError('validation_error', 'Send one CSV file, in the form field named "file".');
    }
    return new AppError('validation_error', `The upload could not be read: ${err.message}.`);
  }
  if (err instanceof AppError) return err;
  // busboy's errors for a broken multipart body ("Unexpected end of form", "Malformed part header").
  return new AppError('validation_error', 'The multipart/form-data body could not be read.');
}

/**
 * POST /api/store/import/ (multipart, field `file` plus optional kind, map, date_format, encoding,
 * cancel_prefix): stores the upload in IMPORT_DIR and queues the `import-store` job, which a worker runs;
 * the request itself does nothing else. GET /api/store/import/{job_id}/rejects/ serves the rejected rows.
 */
export function importRouter(deps: AppDeps): Router {
  const router = Router();
  const dir = deps.config.IMPORT_DIR;
  const maxBytes = deps.config.IMPORT_MAX_BYTES;
  const upload = multer({
    storage: multer.diskStorage({
      destination: (_req, _file, cb) => {
        mkdir(dir, { recursive: true }).then(
          () => cb(null, dir),
          (err: Error) => cb(err, dir),
        );
      },
      filename: (_req, _file, cb) => cb(null, `${randomUUID()}.upload.csv`),
    }),
    limits: { fileSize: maxBytes, files: 1, fields: FORM_FIELDS.length, fieldSize: 16_384, parts: 8 },
  }).single('file');
  // multer removes a partly written file itself when it fails.
  const receive: RequestHandler = (req, res, next) => {
    upload(req, res, (err: unknown) => next(err ? uploadError(err, maxBytes) : undefined));
  };

  router.use(helmet());
  router.post('/import/', receive, async (req, res) => {
    const file = req.file;
    if (!file) {
      throw new AppError(
        'validation_error',
        'Send the CSV as multipart/form-data in a field named "file" (curl -F file=@export.csv).',
      );
    }
    let queued = false;
    try {
      if (file.size === 0) throw new AppError('validation_error', 'The uploaded file is empty.');
      const fields = (req.body ?? {}) as Record<string, unknown>;
      const unknown = Object.keys(fields).filter((k) => !(FORM_FIELDS as readonly string[]).includes(k));
      if (unknown.length > 0) {
        throw new AppError(
          'validation_error',
          `Invalid request body: unknown field(s): ${unknown.join(', ')}`,
          {
            body: [{ field: unknown.join(', '), message: `fields: file, ${FORM_FIELDS.join(', ')}` }],
          },
        );
      }
      const data = parseOr400(
        JOB_DEFINITIONS['import-store'].data,
        {
          upload: file.filename,
          original_name: file.originalname.slice(0, 255) || undefined,
          kind: fields.kind || undefined,
          map: parseMap(fields.map),
          date_format: fields.date_format || undefined,
          encoding: fields.encoding || undefined,
          cancel_prefix: fields.cancel_prefix || undefined,
        },
        'body',
      );
      // Not the shared enqueue(): it dedupes by job name, and a second upload is a different import.
      const jobId = randomUUID();
      await withQueue(() => deps.queues.analysis.add('import-store', data, { jobId }));
      queued = true;
      res.status(202).json({
        success: true,
        job_id: jobId,
        status_url: `/api/ml/jobs/${jobId}/`,
        upload: { name: file.originalname, bytes: file.size, kind: data.kind },
        message:
          'The file was received and its import was queued. Poll status_url for progress and the report.',
      });
    } finally {
      if (!queued) await rm(file.path, { force: true });
    }
  });

  router.get('/import/:jobId/rejects/', async (req, res) => {
    const jobId = req.params.jobId;
    const job = JOB_ID.test(jobId) ? await withQueue(() => deps.queues.analysis.getJob(jobId)) : undefined;
    if (job?.name !== 'import-store') {
      throw new AppError('not_found', `No import job with id ${jobId} (finished jobs are kept for 7 days).`);
    }
    const file = path.join(dir, `${jobId}.rejects.csv`);
    const info = await stat(file).catch(() => null);
    if (!info) {
      throw new AppError('not_found', 'This import has no rejected rows (or has not finished yet).');
    }
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="import-${jobId}-rejects.csv"`);
    res.setHeader('content-length', String(info.size));
    createReadStream(file).pipe(res);
  });
  return router;
}
