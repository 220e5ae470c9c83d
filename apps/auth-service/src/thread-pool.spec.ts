import { deprioritizeThreadPool, sizeThreadPool, threadPoolSize } from './thread-pool';

describe('thread pool size', () => {
  it('leaves two threads beside one bcrypt hash per core, and never fewer than 4', () => {
    expect([1, 2, 4, 8, 32].map(threadPoolSize)).toEqual([4, 4, 6, 10, 34]);
  });

  it('sets UV_THREADPOOL_SIZE from the core count unless it is already set', () => {
    const unset: NodeJS.ProcessEnv = {};
    expect(sizeThreadPool(unset, 8)).toBe('10');
    expect(unset.UV_THREADPOOL_SIZE).toBe('10');

    const chosen: NodeJS.ProcessEnv = { UV_THREADPOOL_SIZE: '3' };
    expect(sizeThreadPool(chosen, 8)).toBe('3');
    expect(chosen.UV_THREADPOOL_SIZE).toBe('3');
  });

  it('changes no thread where the system lists none (no /proc)', async () => {
    await expect(deprioritizeThreadPool(10, '/nonexistent/task')).resolves.toBe(0);
  });
});
