import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { AppConfig, AppException, ClientInfo } from '@app/core';
import { InvalidOtpException, OtpDestination, OtpPurpose, OtpService } from '@app/otp';
import { awaitsEmailVerification, toUserDto, User, UserDto, UsersService } from '@app/users';
import type { EntityManager } from 'typeorm';
import { EmailNotVerifiedException } from '../auth.errors';
import { SignInResult, SignInService } from '../sign-in.service';
import { accountAt, maskAddress } from './otp-address';

/**
 * One-time codes: sending (the same answer whether or not an account holds the address),
 * address verification, and passwordless sign-in through the same MFA seam as passwords.
 */
@Injectable()
export class OtpFlowsService {
  constructor(
    private readonly config: AppConfig,
    private readonly otp: OtpService,
    private readonly users: UsersService,
    private readonly signIn: SignInService,
    private readonly audit: AuditService,
  ) {}

  async send(
    purpose: OtpPurpose,
    destination: OtpDestination,
    client: ClientInfo,
  ): Promise<{ expires_in: number }> {
    const user = await accountAt(this.users, destination);
    const { expiresIn } = await this.otp.send({ purpose, destination, userId: user?.id ?? null });
    await this.audit.record('otp.sent', {
      userId: user?.id ?? null,
      client,
      metadata: {
        channel: destination.channel,
        purpose,
        to: maskAddress(destination),
        delivered: user !== null,
      },
    });
    return { expires_in: expiresIn };
  }

  async verifyAddress(
    destination: OtpDestination,
    code: string,
    client: ClientInfo,
  ): Promise<{ user: UserDto }> {
    const user = await this.consume('verify', destination, code, client, async (account, em) => {
      const verified =
        destination.channel === 'email'
          ? await this.users.markEmailVerified(account.id, em)
          : await this.users.markPhoneVerified(account.id, em);
      await this.audit.record(destination.channel === 'email' ? 'email.verified' : 'phone.verified', {
        userId: account.id,
        client,
        metadata: { channel: destination.channel },
        manager: em,
      });
      return verified;
    });
    return { user: toUserDto(user) };
  }

  /**
   * A code sent by email also proves the address, so the email counts as verified. The session
   * (or the MFA step) is created in the transaction that consumes the code: a failure leaves the
   * code usable. An account whose email must be verified first spends the code and gets 403.
   */
  async signInWithCode(destination: OtpDestination, code: string, client: ClientInfo): Promise<SignInResult> {
    const signedIn = await this.consume('login', destination, code, client, async (account, em) => {
      const user =
        destination.channel === 'email' ? await this.users.markEmailVerified(account.id, em) : account;
      if (awaitsEmailVerification(this.config, user)) return undefined;
      return this.signIn.complete(user, 'otp', client, em);
    });
    if (!signedIn) throw new EmailNotVerifiedException();
    return signedIn;
  }

  /**
   * Consumes the code and applies `change` to the account in the same transaction; a failed try is
   * audited (on the account when there is one) and answered like any other.
   */
  async consume<T>(
    purpose: OtpPurpose,
    destination: OtpDestination,
    code: string,
    client: ClientInfo,
    change: (account: User, em: EntityManager) => Promise<T>,
  ): Promise<T> {
    try {
      let userId: string | undefined;
      const result = await this.otp.consume({ purpose, destination, code }, async (em) => {
        const account = await accountAt(this.users, destination, em);
        if (!account) throw new InvalidOtpException();
        userId = account.id;
        return change(account, em);
      });
      await this.audit.record('otp.verified', {
        userId,
        client,
        metadata: { channel: destination.channel, purpose },
      });
      return result;
    } catch (error) {
      if (error instanceof AppException && Number(error.status) < 500) {
        const account = await accountAt(this.users, destination);
        await this.audit.record('otp.failed', {
          userId: account?.id ?? null,
          client,
          metadata: { channel: destination.channel, purpose, reason: error.code },
        });
      }
      throw error;
    }
  }
}
