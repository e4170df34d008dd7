import { pino, type Logger } from 'pino';

export type HubLogger = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

/** The hub's logger: JSON lines on stdout. Secrets never reach it; the config summary is redacted. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'presence-sync' }, redact: { paths: ['*.password', '*.secret', '*.clientSecret', '*.accessKeySecret', '*.token'], censor: '[redacted]' } });
}
