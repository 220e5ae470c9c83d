import { RouteConfig } from '@nestjs/platform-fastify';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import { RefuseEarlyWhen } from './early-refusal';
import { ExemptFrom } from './exempt-from';

const configOf = (handler: unknown): unknown =>
  Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler as object);

describe('ExtendRouteConfig', () => {
  it('keeps the entries of every decorator on a handler, whatever their order', () => {
    class Routes {
      @ExemptFrom('request-log')
      @RefuseEarlyWhen('password-hashing')
      @RouteConfig({ rawBody: false })
      first(): void {}

      @RefuseEarlyWhen('password-hashing')
      @ExemptFrom('security-headers')
      second(): void {}
    }

    expect(configOf(Routes.prototype.first)).toEqual({
      rawBody: false,
      refuseEarlyWhen: ['password-hashing'],
      exemptions: ['request-log'],
    });
    expect(configOf(Routes.prototype.second)).toEqual({
      exemptions: ['security-headers'],
      refuseEarlyWhen: ['password-hashing'],
    });
  });
});
