/** Thrown at once by `BoundedConcurrency.run` when every running and waiting place is taken. */
export class ConcurrencyLimitReached extends Error {
  constructor() {
    super('every place of the queue is taken');
  }
}

/**
 * Runs at most `concurrency` jobs at a time and lets at most `maxWaiting` more wait for a place,
 * in arrival order. A job beyond that is refused at once rather than queued, so that the wait of
 * an accepted job stays bounded however many arrive.
 */
export class BoundedConcurrency {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** True when `run` would refuse a job now. */
  get full(): boolean {
    return this.running >= this.concurrency && this.waiting.length >= this.maxWaiting;
  }

  /** Runs `job` when a place is free; rejects with `ConcurrencyLimitReached` when none can be had. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) {
      this.running++;
    } else if (this.waiting.length < this.maxWaiting) {
      // The place is handed over by the job that finishes, so `running` stays as it is.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      throw new ConcurrencyLimitReached();
    }
    try {
      return await job();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
