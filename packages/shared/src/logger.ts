import { type Logger, pino } from 'pino';

export type { Logger };

export interface LoggerOptions {
  name: string;
  level?: string;
  file?: string | undefined;
}

/**
 * The one logger of a process: pino JSON to stdout, and also to LOG_FILE when it is set.
 * Secrets are redacted here so that no call site can leak them by accident.
 */
export function createLogger({ name, level = 'info', file }: LoggerOptions): Logger {
  const options = {
    name,
    level,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'access',
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  };
  if (!file) return pino(options, pino.destination({ dest: 1, sync: false }));
  return pino(
    options,
    pino.multistream([
      { stream: pino.destination({ dest: 1, sync: false }), level: level as pino.Level },
      { stream: pino.destination({ dest: file, mkdir: true, sync: false }), level: level as pino.Level },
    ]),
  );
}
