/** Where the store gets the time; injected so that tests control it. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A uniform number in [0, 1): the jitter source of retry backoff, injected so that tests control it. */
export type RandomSource = () => number;
