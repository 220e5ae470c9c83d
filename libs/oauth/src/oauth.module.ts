import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { UsersModule } from '@app/users';
import { BrowserBinding } from './flow/browser-binding';
import { OAuthCode } from './flow/oauth-code.entity';
import { OAuthFlowService } from './flow/oauth-flow.service';
import { OAuthLinkTicket } from './flow/oauth-link-ticket.entity';
import { OAuthTokenService } from './flow/oauth-token.service';
import { OAuthTransaction } from './flow/oauth-transaction.entity';
import { OAuthTransactionsRepository } from './flow/oauth-transactions.repository';
import { IdentitiesController } from './identities/identities.controller';
import { IdentitiesRepository } from './identities/identities.repository';
import { IdentitiesService } from './identities/identities.service';
import { Identity } from './identities/identity.entity';
import { IdentityLinker } from './identities/identity-linker.service';
import { OAuthController } from './oauth.controller';
import { ProviderRegistry } from './providers/provider-registry';

/** Social sign-in: providers, the browser flow, our one-time codes, and linked identities. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Identity, OAuthTransaction, OAuthCode, OAuthLinkTicket]),
    UsersModule,
    AuthModule,
  ],
  controllers: [OAuthController, IdentitiesController],
  providers: [
    ProviderRegistry,
    BrowserBinding,
    OAuthTransactionsRepository,
    OAuthFlowService,
    OAuthTokenService,
    IdentitiesRepository,
    IdentityLinker,
    IdentitiesService,
  ],
  exports: [IdentitiesService],
})
export class OAuthModule {}
