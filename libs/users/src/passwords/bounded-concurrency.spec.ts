import { BoundedConcurrency, ConcurrencyLimitReached } from './bounded-concurrency';

/** A job that runs until the test ends it. */
function controllableJob(log: string[], name: string) {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = () => resolve(name);
    fail = reject;
  });
  return {
    job: () => {
      log.push(`start ${name}`);
      return done;
    },
    finish,
    fail,
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BoundedConcurrency', () => {
  it('runs at most `concurrency` jobs at a time and starts the waiting ones in arrival order', async () => {
    const queue = new BoundedConcurrency(2, 10);
    const log: string[] = [];
    const jobs = ['a', 'b', 'c', 'd', 'e'].map((name) => controllableJob(log, name));
    const results = jobs.map((j) => queue.run(j.job));
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    expect([queue.active, queue.queued]).toEqual([2, 3]);

    jobs[1]!.finish();
    await settle();
    expect(log).toEqual(['start a', 'start b', 'start c']);
    jobs[0]!.finish();
    jobs[2]!.finish();
    await settle();
    expect(log).toEqual(['start a', 'start b', 'start c', 'start d', 'start e']);
    expect([queue.active, queue.queued]).toEqual([2, 0]);

    jobs[3]!.finish();
    jobs[4]!.finish();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd', 'e']);
    expect([queue.active, queue.queued]).toEqual([0, 0]);
  });

  it('refuses a job at once when every running and waiting place is taken', async () => {
    const queue = new BoundedConcurrency(1, 2);
    const log: string[] = [];
    const jobs = ['a', 'b', 'c'].map((name) => controllableJob(log, name));
    const accepted = jobs.map((j) => queue.run(j.job));

    expect(queue.full).toBe(true);
    const refused = controllableJob(log, 'd');
    await expect(queue.run(refused.job)).rejects.toBeInstanceOf(ConcurrencyLimitReached);
    expect(log).toEqual(['start a']);

    jobs[0]!.finish();
    await settle();
    expect(queue.full).toBe(false);
    const again = controllableJob(log, 'e');
    const acceptedAgain = queue.run(again.job);
    for (const j of [jobs[1]!, jobs[2]!, again]) {
      await settle();
      j.finish();
    }
    await expect(Promise.all([...accepted, acceptedAgain])).resolves.toEqual(['a', 'b', 'c', 'e']);
    expect(log).toEqual(['start a', 'start b', 'start c', 'start e']);
  });

  it('frees the place of a job that fails', async () => {
    const queue = new BoundedConcurrency(1, 0);
    const failing = controllableJob([], 'a');
    const result = queue.run(failing.job);
    failing.fail(new Error('boom'));
    await expect(result).rejects.toThrow('boom');

    await expect(queue.run(async () => 'next')).resolves.toBe('next');
    expect([queue.active, queue.queued]).toEqual([0, 0]);
  });
});
