import './size-thread-pool';
import 'reflect-metadata';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, ConfigError, loadConfig, readEnvironment } from '@app/core';
import { createApp } from './app.factory';
import { deprioritizeThreadPool } from './thread-pool';

/** How long shutdown may take beyond the drain before the process is forced out. */
const SHUTDOWN_GRACE_MS = 30_000;

async function bootstrap(): Promise<void> {
  const config = loadConfig(readEnvironment());
  const app = await createApp(config);
  const logger = new Logger('Bootstrap');
  const server = app.getHttpServer();
  const closeConnectionsAfterResponses = trackResponses(server);
  await deprioritizeThreadPool().catch((error: Error) =>
    logger.warn(`the thread pool keeps the event loop's priority: ${error.message}`),
  );
  await app.listen({ port: config.port, host: config.host });
  logger.log(`auth service listening on ${urlOf(server.address() as AddressInfo)} (${config.nodeEnv})`);
  handleShutdownSignals(app, config, logger, closeConnectionsAfterResponses);
}

/**
 * SIGTERM: `/readyz` answers 503 for SHUTDOWN_DRAIN_MS while every route still serves, then the
 * listener closes, requests in flight finish, Postgres and Redis close, and the process exits 0.
 * A second signal, or a shutdown that overruns its grace period, exits at once with 1.
 */
function handleShutdownSignals(
  app: NestFastifyApplication,
  config: AppConfig,
  logger: Logger,
  closeConnectionsAfterResponses: () => void,
): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) {
      logger.warn(
        `${signal} received again during shutdown: exiting now without waiting for requests in flight`,
      );
      process.exit(1);
    }
    closing = true;
    // Terminus drains on SIGTERM only; SIGINT (Ctrl-C) closes straight away.
    const drainMs = signal === 'SIGTERM' ? config.shutdownDrainMs : 0;
    logger.log(`${signal} received: /readyz answers 503 for ${drainMs} ms, then the listener closes`);
    closeConnectionsAfterResponses();
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${drainMs + SHUTDOWN_GRACE_MS} ms: exiting now`);
      process.exit(1);
    }, drainMs + SHUTDOWN_GRACE_MS).unref();
    // NestApplication.close takes the signal (which starts the drain); the interface omits it.
    (app as unknown as { close(signal?: string): Promise<void> }).close(signal).then(
      () => {
        logger.log('shutdown complete');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

/**
 * Keeps the responses in progress, and returns what makes every response from then on (those
 * in progress included) close its connection. Without it a keep-alive client whose request was
 * in flight at SIGTERM would hold the closing listener open until its keep-alive timeout.
 */
function trackResponses(server: Server): () => void {
  const inProgress = new Set<ServerResponse>();
  let closing = false;
  server.on('request', (_request, response: ServerResponse) => {
    if (closing) {
      response.shouldKeepAlive = false;
      return;
    }
    inProgress.add(response);
    response.once('close', () => inProgress.delete(response));
  });
  return () => {
    closing = true;
    for (const response of inProgress) {
      if (response.headersSent) response.once('finish', () => response.socket?.end());
      else response.shouldKeepAlive = false;
    }
    inProgress.clear();
  };
}

function urlOf({ address, family, port }: AddressInfo): string {
  return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
}

bootstrap().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? error.message
      : `start-up failed: ${(error as Error)?.message ?? String(error)}`;
  process.stderr.write(`${message.split('\n')[0]}\n`);
  process.exit(1);
});
