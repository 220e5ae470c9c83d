import { Module } from '@nestjs/common';
import { SigningKeys } from './signing-keys';

/** The signing and verification keys, shared by `JwtModule`'s options and the tokens module. */
@Module({ providers: [SigningKeys], exports: [SigningKeys] })
export class SigningKeysModule {}
