import { Injectable } from '@nestjs/common';

/** The current time, injectable so that expiry rules can be tested with a controlled clock. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Seconds since the epoch, as JWT claims count them. */
  epochSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }
}
