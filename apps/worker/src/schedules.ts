import type { Config, JobName, Logger, Queues } from '@boutique/shared';
import { JOB_DEFINITIONS } from '@boutique/shared';

/** The recurring jobs: weekly retraining of the three models and a daily inventory analysis. */
export function scheduleDefinitions(config: Config): { id: string; job: JobName; pattern: string }[] {
  return [
    { id: 'weekly-train-sales-forecast', job: 'train-sales-forecast', pattern: config.SCHEDULE_RETRAIN },
    {
      id: 'weekly-train-product-recommendation',
      job: 'train-product-recommendation',
      pattern: config.SCHEDULE_RETRAIN,
    },
    {
      id: 'weekly-train-customer-segmentation',
      job: 'train-customer-segmentation',
      pattern: config.SCHEDULE_RETRAIN,
    },
    { id: 'daily-analyze-inventory', job: 'analyze-inventory', pattern: config.SCHEDULE_INVENTORY },
  ];
}

/**
 * Registers (or removes, when "off") every schedule. `upsertJobScheduler` keys on the scheduler id, so
 * any number of worker processes starting any number of times leave exactly one scheduler per id.
 */
export async function registerSchedules(queues: Queues, config: Config, logger: Logger): Promise<void> {
  for (const schedule of scheduleDefinitions(config)) {
    const queue = queues[JOB_DEFINITIONS[schedule.job].queue];
    if (schedule.pattern === 'off') {
      await queue.removeJobScheduler(schedule.id);
      continue;
    }
    // Job data goes through the job's schema so the scheduled run uses the same defaults as a POST.
    const data = JOB_DEFINITIONS[schedule.job].data.parse({});
    await queue.upsertJobScheduler(
      schedule.id,
      { pattern: schedule.pattern, tz: config.STORE_TIMEZONE },
      { name: schedule.job, data },
    );
  }
  logger.info(
    { schedules: scheduleDefinitions(config).map((s) => `${s.id}: ${s.pattern}`) },
    'job schedules registered',
  );
}
