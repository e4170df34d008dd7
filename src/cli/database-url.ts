import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config/index.ts';

/** The database to open; a SQLite file's folder is created (owner-only) when missing. */
export function databaseUrl(config: Config): string {
  if (config.database.kind === 'postgres') return config.database.url;
  mkdirSync(dirname(config.database.file), { recursive: true, mode: 0o700 });
  return config.database.file;
}
