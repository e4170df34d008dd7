/**
 * When `serve` should stop: on SIGINT or SIGTERM, and, when npm started it (`npx presence-sync
 * serve`, `npm exec`), also when the process that started it is gone. npm hands a signal only to
 * the shell between it and the hub (`sh -c presence-sync serve`), which dies without passing it on:
 * `npx presence-sync serve & kill $!` would otherwise leave the hub serving, adopted by init.
 */
export interface StopSignalOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** How often the parent process is checked, in ms. */
  readonly checkEveryMs?: number;
}

export function stopRequested(options: StopSignalOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const stop = (why: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (timer) clearInterval(timer);
      resolve(why);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    if (startedByNpm(env)) {
      const parent = process.ppid;
      timer = setInterval(() => {
        if (process.ppid !== parent) stop(`the process that started it (npm, pid ${parent}) ended`);
      }, options.checkEveryMs ?? 500);
      timer.unref();
    }
  });
}

/** npm sets npm_command (exec for npx, run-script for npm run/start) in the environment of what it starts. */
function startedByNpm(env: NodeJS.ProcessEnv): boolean {
  return typeof env['npm_command'] === 'string' && env['npm_command'] !== '';
}
