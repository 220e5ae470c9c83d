import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessTokenVerifier, AppConfig } from '@app/core';
import { UsersModule } from '@app/users';
import { AccessTokens } from './jwt/access-tokens';
import { jwtModuleOptions } from './jwt/jwt-options';
import { JwksController } from './keys/jwks.controller';
import { SigningKeys } from './keys/signing-keys';
import { SigningKeysModule } from './keys/signing-keys.module';
import { DeletedSession } from './sessions/deleted-session.entity';
import { LogoutService } from './sessions/logout.service';
import { RefreshRotation } from './sessions/refresh-rotation';
import { RefreshTokenCodec } from './sessions/refresh-token-codec';
import { RefreshToken } from './sessions/refresh-token.entity';
import { RefreshService } from './sessions/refresh.service';
import { RevokedSessions } from './sessions/revoked-sessions';
import { Session } from './sessions/session.entity';
import { SessionsRepository } from './sessions/sessions.repository';
import { SessionsService } from './sessions/sessions.service';
import { SessionsController } from './sessions.controller';
import { TokenController } from './token.controller';
import { tokenMetricProviders } from './tokens.metrics';
import { AccessTokenVerifierService } from './verify/access-token-verifier.service';
import { JwtStrategy } from './verify/jwt.strategy';
import { VerifyTokenController } from './verify/verify-token.controller';

/**
 * Access tokens (signed and verified by `JwtService`), JWKS, sessions and refresh rotation, logout,
 * and verify-token. Global because its `AccessTokenVerifier`, with the passport `jwt` strategy, backs
 * the `AccessGuard` that every module's protected routes use.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([Session, RefreshToken, DeletedSession]),
    UsersModule,
    SigningKeysModule,
    PassportModule.register({ session: false }),
    JwtModule.registerAsync({
      imports: [SigningKeysModule],
      inject: [AppConfig, SigningKeys],
      useFactory: jwtModuleOptions,
    }),
  ],
  controllers: [TokenController, SessionsController, VerifyTokenController, JwksController],
  providers: [
    AccessTokens,
    RefreshTokenCodec,
    SessionsRepository,
    SessionsService,
    RefreshRotation,
    RefreshService,
    RevokedSessions,
    LogoutService,
    JwtStrategy,
    AccessTokenVerifierService,
    { provide: AccessTokenVerifier, useExisting: AccessTokenVerifierService },
    ...tokenMetricProviders,
  ],
  exports: [AccessTokenVerifier, SessionsService, AccessTokens],
})
export class TokensModule {}
