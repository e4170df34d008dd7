import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { createFirstAdministrator, createSqlPrincipalStore } from '../api/index.ts';
import { loadConfig } from '../config/index.ts';
import { migrateToLatest, openDatabase } from '../store/index.ts';
import { databaseUrl } from './database-url.ts';

/** `presence-sync admin create`: the first administrator of a new hub. */
export function registerAdminCommands(program: Command): void {
  const admin = program.command('admin').description('Manage the hub\'s console administrators');
  admin
    .command('create')
    .description('Create the first administrator (all permissions); refused once any user exists')
    .requiredOption('-u, --username <name>', '3 to 64 letters, digits and . _ @ -')
    .option('--password-env <variable>', 'take the password from this environment variable instead of generating one')
    .option('-c, --config <file>', 'JSON config file (see docs/configuration.md)')
    .action(async (options: { username: string; passwordEnv?: string; config?: string }) => {
      const config = loadConfig({ env: process.env, mode: 'tool', ...(options.config !== undefined ? { file: options.config } : {}) });
      let password: string;
      if (options.passwordEnv !== undefined) {
        const given = process.env[options.passwordEnv];
        if (!given) throw new Error(`PSYNC_ADMIN_PASSWORD_MISSING: the environment variable ${options.passwordEnv} is empty or not set.`);
        password = given;
      } else {
        password = `${randomBytes(15).toString('base64url')}-A1`;
      }
      const database = await openDatabase({ url: databaseUrl(config) });
      try {
        await migrateToLatest(database);
        const user = await createFirstAdministrator(createSqlPrincipalStore(database), { username: options.username, password });
        console.log(`Created administrator "${user.username}" with every permission.`);
        if (options.passwordEnv === undefined) console.log(`Password (shown once, change it after the first login): ${password}`);
      } finally {
        await database.close();
      }
    });
}
