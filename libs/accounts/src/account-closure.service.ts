import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import {
  ClientInfo,
  InsufficientAalException,
  InvalidTokenException,
  Principal,
  RateLimitedException,
} from '@app/core';
import { InvalidOtpException, OtpService } from '@app/otp';
import { InvalidCredentialsException } from '@app/auth';
import { LoginLockout, User, UsersService } from '@app/users';
import { AccountDeletion } from './account-deletion.service';

/** What proves the holder is deleting their own account. */
export interface ClosureProof {
  password?: string;
  code?: string;
}

/**
 * `DELETE /v1/user`: the holder deletes their account, proving it again with the password (or, for
 * an account without one, a fresh email code of purpose `verify`), at aal2 when MFA is on. Wrong
 * proofs count against the account's sign-in lock, like wrong passwords at sign-in.
 */
@Injectable()
export class AccountClosureService {
  constructor(
    private readonly users: UsersService,
    private readonly lockout: LoginLockout,
    private readonly otp: OtpService,
    private readonly deletion: AccountDeletion,
    private readonly audit: AuditService,
  ) {}

  async close(principal: Principal, proof: ClosureProof, client: ClientInfo): Promise<void> {
    const user = await this.users.findById(principal.userId);
    if (!user) throw new InvalidTokenException();
    if (user.mfaEnabled && principal.aal !== 'aal2') throw new InsufficientAalException();
    const key = this.lockout.keyFor(user.email);
    const reservation = await this.lockout.reserve(key);
    if (!reservation.allowed) throw new RateLimitedException(reservation.retryAfterSeconds);
    if (!(await this.proven(user, proof))) {
      await this.audit.record('login.failed', {
        userId: user.id,
        client,
        metadata: { reason: 'wrong_proof', context: 'account_deletion' },
      });
      throw new InvalidCredentialsException();
    }
    await this.deletion.delete(user.id, { by: 'user', client });
  }

  private async proven(user: User, proof: ClosureProof): Promise<boolean> {
    if (user.passwordHash !== null) {
      return proof.password !== undefined && this.users.verifyPassword(user, proof.password);
    }
    if (proof.code === undefined) return false;
    const destination = { channel: 'email' as const, address: user.email };
    try {
      await this.otp.consume({ purpose: 'verify', destination, code: proof.code });
      return true;
    } catch (error) {
      if (error instanceof InvalidOtpException) return false;
      throw error;
    }
  }
}
