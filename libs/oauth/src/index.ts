export { OAuthModule } from './oauth.module';
export { OAUTH_FORM_POST_ROUTES } from './oauth.controller';
export { IdentitiesService, type IdentityDto } from './identities/identities.service';
export { Identity } from './identities/identity.entity';
export { OAuthTransaction } from './flow/oauth-transaction.entity';
export { OAuthCode } from './flow/oauth-code.entity';
export { OAuthLinkTicket } from './flow/oauth-link-ticket.entity';
