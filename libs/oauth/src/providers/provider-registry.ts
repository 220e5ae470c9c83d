import { Injectable } from '@nestjs/common';
import { AppConfig, OAuthProviderSettings } from '@app/core';
import { UnknownProviderException } from '../oauth.errors';
import { AppleProvider } from './apple.provider';
import { GithubProvider } from './github.provider';
import { OAuthProvider } from './oauth-provider';
import { OidcProvider } from './oidc.provider';

function build(settings: OAuthProviderSettings): OAuthProvider {
  switch (settings.kind) {
    case 'github':
      return new GithubProvider(settings);
    case 'apple':
      return new AppleProvider(settings);
    default:
      return new OidcProvider(settings);
  }
}

/** The providers of the configuration, built once; nothing is fetched until a provider is used. */
@Injectable()
export class ProviderRegistry {
  private readonly providers: ReadonlyMap<string, OAuthProvider>;

  constructor(config: AppConfig) {
    this.providers = new Map(config.oauth.providers.map((s) => [s.name, build(s)]));
  }

  list(): OAuthProvider[] {
    return [...this.providers.values()];
  }

  get(name: string): OAuthProvider {
    const provider = this.providers.get(name);
    if (!provider) throw new UnknownProviderException();
    return provider;
  }
}
