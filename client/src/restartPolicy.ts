// When the language server dies, restart it, but not forever: a server that crashes on every start (a corrupt
// bundle, a config that trips a bug on load) would otherwise flash errors and burn CPU in a loop. Pure, so the
// unit tests drive it with their own clock.

export interface RestartDecision {
  restart: boolean;
  /** Crashes counted in the window, this one included. */
  crashes: number;
}

export class RestartPolicy {
  private crashTimes: number[] = [];

  constructor(
    /** Restarts allowed within the window; the crash after them stops the server. */
    readonly maxRestarts = 4,
    readonly windowMs = 3 * 60_000,
  ) {}

  crashed(now: number): RestartDecision {
    this.crashTimes = this.crashTimes.filter((t) => now - t < this.windowMs);
    this.crashTimes.push(now);
    return { restart: this.crashTimes.length <= this.maxRestarts, crashes: this.crashTimes.length };
  }

  /** The user restarted the server by hand: start counting afresh. */
  reset(): void {
    this.crashTimes = [];
  }
}
