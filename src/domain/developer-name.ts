import { fail, ok, type Problem, type Result } from './result.ts';

export const DEVELOPER_NAME_MAX_LENGTH = 80;

/**
 * The API name Salesforce proposes for a label: every run of characters that are not letters or
 * digits becomes one underscore, leading and trailing underscores go, and a name that would not
 * start with a letter gets an `X` in front ("Available for Chats" → `Available_for_Chats`).
 */
export function developerNameFromLabel(label: string): Result<string> {
  const ascii = label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let name = ascii.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (name === '') {
    return fail({
      code: 'PSYNC_DEVNAME_EMPTY',
      message: `The label "${label}" has no letters or digits to build a developer name from; type the developer name yourself (letters, digits and underscores, starting with a letter).`,
      details: { label },
    });
  }
  if (!/^[A-Za-z]/.test(name)) name = `X${name}`;
  if (name.length > DEVELOPER_NAME_MAX_LENGTH) name = name.slice(0, DEVELOPER_NAME_MAX_LENGTH).replace(/_+$/, '');
  return ok(name);
}

/** Checks a developer name against Salesforce's rules and names every rule it breaks. */
export function validateDeveloperName(name: string): Result<string> {
  const problems: Problem[] = [];
  const add = (code: string, message: string) => problems.push({ code, message, details: { developerName: name } });
  if (name.length === 0) add('PSYNC_DEVNAME_EMPTY', 'The developer name is empty; give one that starts with a letter.');
  if (name.length > DEVELOPER_NAME_MAX_LENGTH)
    add('PSYNC_DEVNAME_TOO_LONG', `The developer name has ${name.length} characters; Salesforce allows at most ${DEVELOPER_NAME_MAX_LENGTH}.`);
  if (name.length > 0 && !/^[A-Za-z]/.test(name))
    add('PSYNC_DEVNAME_FIRST_CHARACTER', `The developer name must start with a letter, not "${name[0]}".`);
  const bad = [...new Set(name.replace(/[A-Za-z0-9_]/g, ''))];
  if (bad.length > 0)
    add('PSYNC_DEVNAME_CHARACTERS', `The developer name may contain only letters, digits and underscores; remove ${bad.map((c) => JSON.stringify(c)).join(', ')}.`);
  if (name.includes('__')) add('PSYNC_DEVNAME_DOUBLE_UNDERSCORE', 'The developer name may not contain two underscores in a row.');
  if (name.endsWith('_')) add('PSYNC_DEVNAME_TRAILING_UNDERSCORE', 'The developer name may not end with an underscore.');
  return problems.length === 0 ? ok(name) : { ok: false, problems };
}
