import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/index.ts';
import { registerAdminCommands } from './admin-commands.ts';
import { registerBridgeCommands } from './bridge-commands.ts';
import { registerHubCommands } from './hub-commands.ts';
import { registerToolCommands } from './tool-commands.ts';

export function buildCli(): Command {
  const program = new Command('presence-sync')
    .description('Keeps agent availability in sync between NICE CXone and Salesforce Omni-Channel.')
    .showHelpAfterError('(run with --help to see every command and option)')
    .exitOverride();
  registerHubCommands(program);
  registerAdminCommands(program);
  registerBridgeCommands(program);
  registerToolCommands(program);
  return program;
}

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
