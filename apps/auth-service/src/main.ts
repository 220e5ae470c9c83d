import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, readEnvironment } from '@app/core';
import { createApp } from './app.factory';

/** How long shutdown may take beyond the drain delay before the process is forced out. */
const SHUTDOWN_GRACE_MS = 30_000;

async function bootstrap(): Promise<void> {
  const config = loadConfig(readEnvironment());
  const app = await createApp(config);
  const logger = new Logger('Bootstrap');
  await app.listen({ port: config.port, host: config.host });
  logger.log(`auth service listening on http://${config.host}:${config.port} (${config.nodeEnv})`);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) {
      logger.warn(`${signal} received again during shutdown: exiting now`);
      process.exit(1);
    }
    closing = true;
    logger.log(`${signal} received: draining for ${config.shutdownDrainMs} ms, then closing`);
    setTimeout(() => {
      logger.error(
        `shutdown did not finish within ${config.shutdownDrainMs + SHUTDOWN_GRACE_MS} ms: exiting now`,
      );
      process.exit(1);
    }, config.shutdownDrainMs + SHUTDOWN_GRACE_MS).unref();
    // NestApplication.close takes the signal (for the drain of /readyz); the interface omits it.
    (app as unknown as { close(signal?: string): Promise<void> }).close(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

bootstrap().catch((error: unknown) => {
  const message =
    error instanceof ConfigError ? error.message : `start-up failed: ${(error as Error)?.message ?? error}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
