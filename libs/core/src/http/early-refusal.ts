import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { type AppException, sendProblem } from '../errors';
import { ExtendRouteConfig, routeConfigOf } from './route-config';

/** The refusal a route would get now (e.g. 503 while password hashing is saturated), or nothing. */
export type RefusalCheck = () => AppException | undefined;

interface RefusalConfig {
  refuseEarlyWhen: string[];
}

/**
 * On a route whose work waits for a bounded resource: the route is refused, as soon as it is
 * routed, with the answer of each named check that has one. The names are registered by the
 * modules that own the resources (`EarlyRefusals.register`).
 */
export const RefuseEarlyWhen = (...checks: string[]) => ExtendRouteConfig({ refuseEarlyWhen: checks });

/**
 * Refusals answered before the body is read, validated, guarded or handled, so that a flood that a
 * saturated resource refuses anyway costs each request little more than its routing. They get the
 * response headers (request id, CORS, security headers), the log line and the metric of any
 * other response.
 *
 * A refusal says when to come back (`Retry-After`). A request that would be refused again on a
 * connection that was refused less than that ago is held until then, and then handled as if it
 * had just arrived. Clients that wait as told never notice; clients that ignore it (an attacker,
 * a broken retry loop) get one answer per `Retry-After` per connection, instead of thousands of
 * cheap refusals per second that would keep a core busy and starve the work they wait for.
 */
@Injectable()
export class EarlyRefusals implements OnModuleInit {
  private readonly checks = new Map<string, RefusalCheck>();
  /** When each connection that was refused may be answered again (epoch ms). */
  private readonly refusedUntil = new WeakMap<Socket, number>();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  register(name: string, check: RefusalCheck): void {
    this.checks.set(name, check);
  }

  /** The first refusal among the named checks (unknown names never refuse). */
  refusal(names: readonly string[]): AppException | undefined {
    for (const name of names) {
      const refusal = this.checks.get(name)?.();
      if (refusal) return refusal;
    }
    return undefined;
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // preParsing: after routing and every onRequest hook (CORS, security headers), before the body.
    fastify?.addHook('preParsing', (request, reply, payload, done) => {
      const names = routeConfigOf<RefusalConfig>(request).refuseEarlyWhen;
      const refusal = names && this.refusal(names);
      if (!refusal) return done(null, payload);
      const wait = (this.refusedUntil.get(request.raw.socket) ?? 0) - Date.now();
      if (wait <= 0) return this.refuse(request, reply, refusal);
      setTimeout(() => {
        if (request.raw.destroyed) return;
        const again = this.refusal(names);
        if (again) this.refuse(request, reply, again);
        else done(null, payload);
      }, wait);
    });
  }

  private refuse(request: FastifyRequest, reply: FastifyReply, refusal: AppException): void {
    const retryAfterSeconds = Number(refusal.options.headers?.['Retry-After'] ?? 0);
    this.refusedUntil.set(request.raw.socket, Date.now() + retryAfterSeconds * 1000);
    sendProblem(reply, refusal, request.id);
  }
}
