import { Logger } from '@nestjs/common';
import { AppConfig, Clock } from '@app/core';
import type { WebhookDeliveriesRepository } from '@app/webhooks';
import type { AuditEventRepository } from './audit-event.repository';
import { AuditRetention, PURGE_BATCH_SIZE } from './audit-retention';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

class FixedClock extends Clock {
  override now(): Date {
    return new Date(NOW);
  }
}

describe('AuditRetention', () => {
  let deleteOlderThan: jest.Mock<Promise<number>, [Date, number]>;
  let deleteFinishedBefore: jest.Mock<Promise<number>, [Date, number]>;
  let warn: jest.SpyInstance;
  let retention: AuditRetention;

  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
    deleteOlderThan = jest.fn<Promise<number>, [Date, number]>().mockResolvedValue(0);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    deleteFinishedBefore = jest.fn<Promise<number>, [Date, number]>().mockResolvedValue(0);
    const events = { deleteOlderThan } as unknown as AuditEventRepository;
    const deliveries = { deleteFinishedBefore } as unknown as WebhookDeliveriesRepository;
    retention = new AuditRetention(
      events,
      deliveries,
      { auditRetentionDays: 30 } as AppConfig,
      new FixedClock(),
    );
  });

  afterEach(async () => {
    await retention.onModuleDestroy();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  describe('purgeExpired', () => {
    it('deletes before now minus AUDIT_RETENTION_DAYS, by the clock', async () => {
      await retention.purgeExpired();
      expect(deleteOlderThan).toHaveBeenCalledWith(new Date('2026-05-02T12:00:00.000Z'), PURGE_BATCH_SIZE);
    });

    it('deletes finished webhook deliveries of the same age, batch after batch', async () => {
      deleteFinishedBefore.mockResolvedValueOnce(5).mockResolvedValueOnce(1);
      await retention.purgeExpired(5);
      expect(deleteFinishedBefore).toHaveBeenCalledWith(new Date('2026-05-02T12:00:00.000Z'), 5);
      expect(deleteFinishedBefore).toHaveBeenCalledTimes(2);
    });

    it('repeats full batches until one comes back short, and adds them up', async () => {
      deleteOlderThan.mockResolvedValueOnce(5).mockResolvedValueOnce(5).mockResolvedValueOnce(2);
      expect(await retention.purgeExpired(5)).toBe(12);
      expect(deleteOlderThan).toHaveBeenCalledTimes(3);
    });

    it('lets errors reach a direct caller', async () => {
      deleteOlderThan.mockRejectedValueOnce(new Error('connection refused'));
      await expect(retention.purgeExpired()).rejects.toThrow('connection refused');
    });
  });

  describe('schedule', () => {
    it('runs a minute after start, then every hour', async () => {
      retention.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(MINUTE - 1);
      expect(deleteOlderThan).not.toHaveBeenCalled();
      await jest.advanceTimersByTimeAsync(1);
      expect(deleteOlderThan).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(HOUR);
      expect(deleteOlderThan).toHaveBeenCalledTimes(2);
    });

    it('logs a failed run as one line and keeps running', async () => {
      deleteOlderThan.mockRejectedValueOnce(new Error('connection refused\n    at Socket.connect'));
      retention.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(MINUTE);
      expect(warn).toHaveBeenCalledWith('audit retention purge failed: connection refused');
      await jest.advanceTimersByTimeAsync(HOUR);
      expect(deleteOlderThan).toHaveBeenCalledTimes(2);
    });

    it('stops on shutdown, after the run in progress', async () => {
      let finish: (deleted: number) => void = () => undefined;
      deleteOlderThan.mockImplementationOnce(() => new Promise<number>((resolve) => (finish = resolve)));
      retention.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(MINUTE);

      let stopped = false;
      const stopping = retention.onApplicationShutdown().then(() => (stopped = true));
      await jest.advanceTimersByTimeAsync(0);
      expect(stopped).toBe(false);
      finish(0);
      await stopping;

      await jest.advanceTimersByTimeAsync(3 * HOUR);
      expect(deleteOlderThan).toHaveBeenCalledTimes(1);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('does not keep the process alive', () => {
      const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
      retention.onApplicationBootstrap();
      const timer = setTimeoutSpy.mock.results[0]?.value as NodeJS.Timeout;
      expect(timer.hasRef()).toBe(false);
    });
  });
});
