import { Clock } from '../time';

/** A clock that stands still until a test moves it. */
export class TestClock extends Clock {
  private current: number;

  constructor(start: Date = new Date()) {
    super();
    this.current = start.getTime();
  }

  override now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    this.current = at.getTime();
  }

  advance(seconds: number): void {
    this.current += seconds * 1000;
  }
}
