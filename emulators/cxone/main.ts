import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { createCxoneEmulator } from './emulator.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return n;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number.');
  return n;
}

/** `presence-sync-cxone-emulator`: runs the emulated CXone until Ctrl-C, printing its base URL. */
async function main(argv: string[]): Promise<void> {
  const program = new Command('presence-sync-cxone-emulator')
    .description('Runs an emulated NICE CXone (auth, discovery, agents, states feed, set state) for tests and demos.')
    .option('--port <port>', 'port to listen on (0 = any free port)', port, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--token-lifetime <seconds>', 'access token lifetime in seconds', count, 3600)
    .option('--seed <agents>', 'seed a tenant with this many agents and print its credentials as JSON', count)
    .option('--log', 'log every request')
    .exitOverride();
  try {
    program.parse(argv);
  } catch (err) {
    process.exitCode = err instanceof CommanderError ? err.exitCode : 1;
    return;
  }
  const opts = program.opts<{ port: number; host: string; tokenLifetime: number; seed?: number; log?: boolean }>();
  const emulator = await createCxoneEmulator({ port: opts.port, host: opts.host, tokenLifetimeSeconds: opts.tokenLifetime, logger: opts.log ?? false });
  console.log(emulator.url);
  if (opts.seed !== undefined) {
    const seeded = emulator.control.seed({ agents: opts.seed });
    console.log(JSON.stringify({ tenantId: seeded.tenant.tenantId, clientId: seeded.application.clientId, clientSecret: seeded.application.clientSecret, accessKeyId: seeded.accessKeyUser.accessKeyId, accessKeySecret: seeded.accessKeyUser.accessKeySecret }));
  }
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main(process.argv);
