import { readFileSync } from 'node:fs';
import type { ConfigProblem } from './config-error.ts';
import { SECRET_SETTINGS, SETTING_NAMES, type SettingName } from './settings-schema.ts';

export interface RawSetting {
  readonly value: string;
  /** Where the value came from, for messages: the variable's name, or its name and the config file. */
  readonly label: string;
}

export type RawSettings = Partial<Record<SettingName, RawSetting>>;

const isSettingName = (name: string): name is SettingName => (SETTING_NAMES as string[]).includes(name);

function problem(setting: string, message: string): ConfigProblem {
  return { setting, code: 'PSYNC_CONFIG_INVALID', message };
}

/** Reads a JSON config file whose keys are the settings' environment variable names. */
export function readConfigFile(path: string, label: string): { settings: RawSettings; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const settings: RawSettings = {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = err instanceof SyntaxError ? 'it is not valid JSON' : `it cannot be read (${(err as NodeJS.ErrnoException).code ?? 'unknown error'})`;
    return { settings, problems: [problem(label, `${label}: cannot use the config file ${path}: ${why}.`)] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { settings, problems: [problem(label, `${label}: the config file ${path} must hold one JSON object, such as {"PORT": 8080}.`)] };
  }
  for (const [name, value] of Object.entries(parsed)) {
    const where = `${name} (in ${path})`;
    if (!isSettingName(name)) {
      problems.push(problem(name, `${where}: unknown setting; the known settings are ${SETTING_NAMES.join(', ')}.`));
    } else if (SECRET_SETTINGS.includes(name)) {
      problems.push(problem(name, `${where}: a secret does not belong in a config file, which is often copied and committed; set it in the environment, or put the key in a file named by PRESENCE_SYNC_MASTER_KEY_FILE.`));
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      settings[name] = { value: String(value), label: where };
    } else if (value !== null) {
      problems.push(problem(name, `${where}: expected a string, number or boolean, got ${Array.isArray(value) ? 'an array' : 'an object'}.`));
    }
  }
  return { settings, problems };
}

/** The settings present in the environment; an empty variable counts as unset. */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): RawSettings {
  const settings: RawSettings = {};
  for (const name of SETTING_NAMES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') settings[name] = { value, label: name };
  }
  return settings;
}
