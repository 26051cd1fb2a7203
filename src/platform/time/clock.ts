/** The server's sense of time; `HEARTH_TODAY` pins the calendar date for tests and demos. */
export interface Clock {
  now(): Date;
  /** Today's calendar date as YYYY-MM-DD. */
  today(): string;
}

export function systemClock(pinnedToday: string | null = null): Clock {
  return {
    now: () => new Date(),
    today: () => pinnedToday ?? new Date().toISOString().slice(0, 10),
  };
}
