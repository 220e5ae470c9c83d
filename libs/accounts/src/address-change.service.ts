import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { ClientInfo, InvalidTokenException, Principal, ValidationFailedException } from '@app/core';
import { MailSender } from '@app/notifications';
import { InvalidOtpException, OtpChannel, OtpService } from '@app/otp';
import { EmailTakenException, PhoneTakenException, toUserDto, User, UserDto, UsersService } from '@app/users';
import { composeEmailChangedNotice } from './email-changed-notice';

const CHANNELS = {
  email: { purpose: 'email_change', field: 'new_email', event: 'email.changed', taken: EmailTakenException },
  sms: { purpose: 'phone_change', field: 'phone', event: 'phone.changed', taken: PhoneTakenException },
} as const;

/**
 * A signed-in user's new email address or phone number. A code goes to the new address (through
 * the one-time code machinery: hashed, attempt caps, cooldown, daily cap), held for this account
 * only; the account takes the address when the code is confirmed, in the transaction that
 * consumes the code, where the unique constraint decides between accounts racing for it.
 */
@Injectable()
export class AddressChangeService {
  private readonly logger = new Logger(AddressChangeService.name);

  constructor(
    private readonly users: UsersService,
    private readonly otp: OtpService,
    private readonly mail: MailSender,
    private readonly audit: AuditService,
  ) {}

  async request(principal: Principal, channel: OtpChannel, address: string, client: ClientInfo) {
    const user = await this.account(principal);
    const { purpose, field, taken } = CHANNELS[channel];
    if ((channel === 'email' ? user.email : user.phone) === address) {
      throw new ValidationFailedException([{ field, message: `${field} is already the account's` }]);
    }
    const holder =
      channel === 'email' ? await this.users.findByEmail(address) : await this.users.findByPhone(address);
    if (holder) throw new taken();
    const { expiresIn } = await this.otp.send({
      purpose,
      destination: { channel, address, holder: user.id },
      userId: user.id,
    });
    await this.audit.record('otp.sent', {
      userId: user.id,
      client,
      metadata: { channel, purpose, delivered: true },
    });
    return { expires_in: expiresIn };
  }

  async confirm(
    principal: Principal,
    channel: OtpChannel,
    address: string,
    code: string,
    client: ClientInfo,
  ): Promise<UserDto> {
    const before = await this.account(principal);
    const { purpose, event } = CHANNELS[channel];
    const user = await this.otp.consume(
      { purpose, destination: { channel, address, holder: before.id }, code },
      async (em, consumed) => {
        if (consumed.userId !== before.id) throw new InvalidOtpException();
        const locked = await this.users.lockAccount(before.id, em);
        if (!locked) throw new InvalidTokenException();
        const changes =
          channel === 'email'
            ? { email: address, emailVerified: true }
            : { phone: address, phoneVerified: true };
        return this.users.updateAccount(locked, changes, em);
      },
    );
    await this.audit.record(event, { userId: user.id, client, metadata: { channel } });
    if (channel === 'email') await this.notify(before.email);
    return toUserDto(user);
  }

  /** The old address learns of the change; a failure to tell it does not undo the change. */
  private async notify(oldEmail: string): Promise<void> {
    try {
      await this.mail.send(composeEmailChangedNotice(oldEmail));
    } catch (error) {
      this.logger.warn(`could not send the email-changed notice: ${(error as Error).message}`);
    }
  }

  private async account(principal: Principal): Promise<User> {
    const user = await this.users.findById(principal.userId);
    // A token outliving its account is as good as revoked.
    if (!user) throw new InvalidTokenException();
    return user;
  }
}
