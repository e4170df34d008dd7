import { CommanderError } from 'commander';
import { ConfigError } from '../config/index.ts';
import { buildCli } from './program.ts';

async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exitCode = err.exitCode;
    else if (err instanceof ConfigError) {
      console.error(err.message);
      process.exitCode = 2;
    }
    else {
      const code = (err as { code?: unknown }).code;
      const message = err instanceof Error ? err.message : String(err);
      console.error(typeof code === 'string' && code.startsWith('PSYNC_') && !message.startsWith(code) ? `${code}: ${message}` : message);
      process.exitCode = 1;
    }
  }
}

await main(process.argv);
