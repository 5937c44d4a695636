// An injectable clock (milliseconds), so tests control time.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => performance.now() };
