import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ImportInputError, type ImportReport, importStore } from '@boutique/db/import';
import { JOB_DEFINITIONS } from '@boutique/shared';
import type { Job } from 'bullmq';
import type { WorkerDeps } from '../context';
import { invalidJobData, PROGRESS, unrecoverable } from '../training';

export interface ImportJobResult extends ImportReport {
  /** Where to download the rejected rows (with their line numbers), or null when none were rejected. */
  rejects_url: string | null;
}

/** The rejects CSV of an import job, in IMPORT_DIR (the API serves it from there). */
export function rejectsFileName(jobId: string): string {
  return `${jobId}.rejects.csv`;
}

/**
 * Imports an uploaded CSV (left in IMPORT_DIR by the API) in one transaction, reporting progress as the
 * file is read; returns the import report. The upload is removed once it can no longer be retried.
 */
export async function importStoreJob(job: Job, deps: WorkerDeps): Promise<ImportJobResult> {
  const parsed = JOB_DEFINITIONS['import-store'].data.safeParse(job.data ?? {});
  if (!parsed.success) throw invalidJobData(parsed.error);
  const data = parsed.data;
  const dir = deps.config.IMPORT_DIR;
  const file = path.join(dir, data.upload);
  const logger = deps.logger.child({ jobId: job.id, job: job.name });
  if (!existsSync(file)) {
    throw unrecoverable(
      'upload_not_found',
      `the uploaded file is not in IMPORT_DIR (${dir}) on this worker; the API and the workers must share ` +
        'IMPORT_DIR, or the upload was already imported',
    );
  }
  await job.updateProgress(PROGRESS.started);
  let reported = PROGRESS.started as number;
  const rejects = path.join(dir, rejectsFileName(String(job.id)));
  try {
    const report = await importStore(deps.database, {
      files: { [data.kind]: file },
      mapping: data.map,
      dateFormat: data.date_format,
      encoding: data.encoding,
      cancelPrefix: data.cancel_prefix,
      timezone: deps.config.STORE_TIMEZONE,
      rejectsPath: () => rejects,
      onProgress: (p) => {
        const pct = PROGRESS.started + Math.floor(p.fraction * (PROGRESS.saved - PROGRESS.started));
        if (pct <= reported) return;
        reported = pct;
        job.updateProgress(pct).catch((err) => logger.warn({ err }, 'could not report progress'));
      },
    });
    await rm(file, { force: true });
    logger.info(
      { rows: report.rows_read, imported: report.rows_imported, rejected: report.rows_rejected },
      'store data imported',
    );
    const anyRejects = report.files.some((f) => f.rejects_file);
    return {
      ...report,
      // The worker's paths mean nothing to the client: name the upload as the client did.
      files: report.files.map((f) => ({
        ...f,
        file: data.original_name ?? f.file,
        rejects_file: f.rejects_file ? path.basename(f.rejects_file) : null,
      })),
      rejects_url: anyRejects ? `/api/store/import/${job.id}/rejects/` : null,
    };
  } catch (err) {
    const final = err instanceof ImportInputError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (final) await rm(file, { force: true });
    if (err instanceof ImportInputError) throw unrecoverable('invalid_import', err.message);
    throw err;
  }
}
