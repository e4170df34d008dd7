/** One thing wrong with the configuration: the setting it concerns and a line that says what is expected. */
export interface ConfigProblem {
  readonly setting: string;
  /** PSYNC_CONFIG_INVALID, or a more precise code such as PSYNC_MASTER_KEY_PUBLISHED. */
  readonly code: string;
  /** Starts with the setting's name, e.g. "PORT: expected an integer 1–65535, got 'abc'". */
  readonly message: string;
}

/** Thrown once by `loadConfig`, listing every problem found; never quotes a secret. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'PSYNC_CONFIG_INVALID';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      `PSYNC_CONFIG_INVALID: the configuration has ${count}; fix ${problems.length === 1 ? 'it' : 'them'} and start again ` +
        '(docs/configuration.md lists every setting):\n' +
        problems.map((p) => `  - ${p.message}`).join('\n'),
    );
    this.problems = Object.freeze([...problems]);
  }
}
