import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { createSalesforceEmulator } from './server.ts';
import type { OrgSeed } from './seed.ts';

/** `presence-sync-salesforce-emulator --port N [--seed orgs.json]`: prints the base URL, runs until stopped. */
async function main(argv: string[]): Promise<void> {
  const program = new Command('presence-sync-salesforce-emulator')
    .description('Stateful Salesforce emulator (OAuth, REST query/sobjects, Metadata API for presence statuses)')
    .option('--port <n>', 'TCP port on 127.0.0.1 (0 = any free port)', '0')
    .option('--seed <file>', 'JSON file with one org seed or an array of them')
    .parse(argv);
  const opts = program.opts<{ port: string; seed?: string }>();
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535, not "${opts.port}"`);
    process.exitCode = 2;
    return;
  }
  let orgs: OrgSeed[] = [];
  if (opts.seed) {
    const parsed = JSON.parse(readFileSync(opts.seed, 'utf8')) as OrgSeed | OrgSeed[];
    orgs = Array.isArray(parsed) ? parsed : [parsed];
  }
  const emulator = await createSalesforceEmulator({ port, orgs });
  console.log(emulator.url);
  for (const org of orgs) {
    const d = emulator.control.describeOrg(org.myDomain);
    console.error(`org ${d.id} ${d.name}: login ${d.loginUrls.production ?? d.loginUrls.sandbox}, My Domain ${d.loginUrls.myDomain}`);
  }
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main(process.argv);
