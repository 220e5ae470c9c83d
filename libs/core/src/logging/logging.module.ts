import { Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '../config';
import { redactSecrets, redactUrl } from './redact';

/**
 * Where log lines go; tests provide a stream to read every line the service writes.
 * Unset means standard output.
 */
export abstract class LogDestination {
  abstract readonly stream: DestinationStream | undefined;
}

type Req = IncomingMessage & { id?: string; ip?: string };

/**
 * JSON log lines through pino: one line per request (method, route, status, duration,
 * request id, client IP), gateway calls to verify-token excepted, and the application's own
 * lines, with every secret-named field redacted wherever it appears.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig, LogDestination],
      useFactory: (config: AppConfig, destination: LogDestination) => {
        const options = {
          level: config.logLevel,
          genReqId: (req: Req) => req.id ?? 'unknown',
          customAttributeKeys: { reqId: 'request_id', responseTime: 'duration_ms' },
          quietReqLogger: true,
          customLogLevel: (_req: Req, res: ServerResponse, err?: Error) =>
            err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          // The problem filter logs a failure's real error with its stack; for a 5xx pino-http
          // adds a made-up one whose stack only points into its own code.
          customErrorObject: (_req: Req, _res: ServerResponse, error: Error, loggable: object) => ({
            ...loggable,
            err: { message: error.message },
          }),
          serializers: {
            req: (req: Req & { raw?: Req; remoteAddress?: string }) => ({
              method: req.method,
              url: redactUrl(req.url ?? ''),
              remote_address: req.remoteAddress,
              user_agent: req.headers?.['user-agent'],
            }),
            res: (res: { statusCode: number | null; raw?: ServerResponse }) => ({
              status: res.raw?.statusCode ?? res.statusCode,
            }),
          },
          formatters: {
            log: (object: Record<string, unknown>) => redactSecrets(object) as Record<string, unknown>,
          },
          timestamp: () => `,"time":"${new Date().toISOString()}"`,
        };
        return {
          pinoHttp: destination.stream ? [options, destination.stream] : options,
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          // Gateways call verify-token once for every request they pass and log those requests
          // themselves; a line per call would double the logs and, with the per-request logger,
          // cost more than the verification. /metrics counts its calls by result and duration.
          exclude: [{ path: 'verify-token', method: RequestMethod.GET }],
        };
      },
    }),
  ],
})
export class LoggingModule {}
