import { Command } from 'commander';
import { registerAdminCommands } from './admin-commands.ts';
import { registerBridgeCommands } from './bridge-commands.ts';
import { registerHubCommands } from './hub-commands.ts';
import { registerToolCommands } from './tool-commands.ts';

/** Every command of `presence-sync`, without running any (docs/install.md lists them; a test keeps the two in step). */
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
