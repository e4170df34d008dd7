import type { Command } from 'commander';
import { developerNameFromLabel, parseOrgId, validateDeveloperName, type Problem } from '../domain/index.ts';

function printProblems(problems: readonly Problem[]): void {
  for (const p of problems) console.error(`${p.code}: ${p.message}`);
  process.exitCode = 1;
}

/** Small offline helpers an administrator can use while filling in the setup forms. */
export function registerToolCommands(program: Command): void {
  program
    .command('org-id')
    .description('Check a Salesforce organisation ID (15 or 18 characters) and print its 18-character form')
    .argument('<id>', 'the ID from Setup → Company Information')
    .action((id: string) => {
      const parsed = parseOrgId(id);
      if (parsed.ok) console.log(parsed.value);
      else printProblems(parsed.problems);
    });

  program
    .command('developer-name')
    .description('Print the developer (API) name Salesforce gives a presence status label, or check one with --check')
    .argument('<text>', 'a status label such as "Available for Chats", or a developer name with --check')
    .option('--check', 'validate the text as a developer name instead of deriving one')
    .action((text: string, opts: { check?: boolean }) => {
      const result = opts.check ? validateDeveloperName(text) : developerNameFromLabel(text);
      if (result.ok) console.log(result.value);
      else printProblems(result.problems);
    });
}
