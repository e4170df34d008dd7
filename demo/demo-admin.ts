import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFirstAdministrator, createSqlPrincipalStore } from '../src/api/index.ts';
import type { Hub } from '../src/hub/hub.ts';

const USERNAME = 'admin';

/**
 * The demo's administrator: created at the first start with a random password, which is kept
 * (owner-only) in the data directory so that every later start can print it again.
 */
export async function demoAdministrator(hub: Hub, dataDir: string): Promise<{ username: string; password: string }> {
  const file = join(dataDir, 'demo-admin-password');
  if (existsSync(file)) return { username: USERNAME, password: readFileSync(file, 'utf8').trim() };
  const password = `Demo-${randomBytes(9).toString('base64url')}`;
  await createFirstAdministrator(createSqlPrincipalStore(hub.database), { username: USERNAME, password });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return { username: USERNAME, password };
}
