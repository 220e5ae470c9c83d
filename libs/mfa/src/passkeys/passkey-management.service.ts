import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { ClientInfo, InsufficientAalException, NotFoundException, Principal } from '@app/core';
import { SessionsService } from '@app/tokens';
import {
  hasSignInMethod,
  LastSignInMethodException,
  lockSignInMethods,
  UserNotFoundException,
  UsersService,
} from '@app/users';
import { MfaFactorsRepository } from '../factors/mfa-factors.repository';
import { RecoveryCodesRepository } from '../recovery/recovery-codes.repository';
import { PasskeyDto, toPasskeyDto } from './dto/passkey.responses';
import { PasskeysRepository } from './passkeys.repository';

/** A user's own passkeys: list, rename, remove. */
@Injectable()
export class PasskeyManagementService {
  constructor(
    private readonly users: UsersService,
    private readonly passkeys: PasskeysRepository,
    private readonly factors: MfaFactorsRepository,
    private readonly recoveryCodes: RecoveryCodesRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal): Promise<PasskeyDto[]> {
    return (await this.passkeys.listOf(principal.userId)).map(toPasskeyDto);
  }

  async rename(principal: Principal, id: string, name: string, client: ClientInfo): Promise<PasskeyDto> {
    const passkey = isUuid(id) ? await this.passkeys.rename(principal.userId, id, name) : null;
    if (!passkey) throw new NotFoundException('No such passkey.');
    await this.audit.record('passkey.renamed', {
      userId: principal.userId,
      client,
      metadata: { passkey_id: id },
    });
    return toPasskeyDto(passkey);
  }

  /**
   * Removes a passkey, unless it is the account's last way to sign in. Removing the last second
   * factor follows the rules of removing TOTP: MFA goes off, the recovery codes die and every
   * other session of the user ends.
   */
  async remove(principal: Principal, id: string, client: ClientInfo): Promise<void> {
    const { userId, sessionId } = principal;
    const user = await this.users.findById(userId);
    if (!user) throw new UserNotFoundException();
    if (user.mfaEnabled && principal.aal !== 'aal2') throw new InsufficientAalException();

    const { mfaTurnedOff, revoked } = await this.passkeys.transaction(async (em) => {
      const methods = await lockSignInMethods(em, userId);
      const owned = await this.passkeys.lockAllOf(em, userId);
      if (!methods || !owned.some((p) => p.id === id)) throw new NotFoundException('No such passkey.');
      const remaining = owned.length - 1;
      if (!hasSignInMethod({ ...methods, passkeys: remaining })) throw new LastSignInMethodException();
      await this.passkeys.delete(em, id);
      if (remaining > 0 || (await this.factors.findByStatus(userId, 'active', em))) {
        return { mfaTurnedOff: false, revoked: [] };
      }
      await this.recoveryCodes.deleteAllOf(em, userId);
      await this.users.setMfaEnabled(userId, false, em);
      return {
        mfaTurnedOff: true,
        revoked: await this.sessions.revokeAllOfWithin(em, userId, 'mfa_disabled', sessionId),
      };
    });

    await this.audit.record('passkey.removed', { userId, client, metadata: { passkey_id: id } });
    if (mfaTurnedOff) {
      await this.sessions.announceRevoked(revoked);
      await this.audit.record('mfa.disabled', {
        userId,
        client,
        metadata: { method: 'webauthn', sessions_revoked: revoked.length },
      });
    }
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
