import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '../config';
import { redactSecrets } from './redact';

/**
 * Where log lines go; tests provide a stream to read every line the service writes.
 * Unset means standard output.
 */
export abstract class LogDestination {
  abstract readonly stream: DestinationStream | undefined;
}

/**
 * JSON log lines through pino, with every secret-named field redacted wherever it appears: the
 * application's own lines through Nest's logger, and one line per request (see `logRequests`,
 * which `createApp` installs as Fastify hooks in place of the module's HTTP middleware).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig, LogDestination],
      useFactory: (config: AppConfig, destination: LogDestination) => {
        const options = {
          level: config.logLevel,
          // The request lines are written whole by `logRequests`: no request/response serializers.
          wrapSerializers: false,
          formatters: {
            log: (object: Record<string, unknown>) => redactSecrets(object) as Record<string, unknown>,
          },
          timestamp: () => `,"time":"${new Date().toISOString()}"`,
        };
        return {
          pinoHttp: destination.stream ? [options, destination.stream] : options,
          // No route gets the module's middleware: the request hooks of `logRequests` do its work.
          forRoutes: [],
        };
      },
    }),
  ],
})
export class LoggingModule {}
