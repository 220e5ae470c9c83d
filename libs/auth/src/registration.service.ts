import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { AuditService } from '@app/audit';
import { AppConfig, ClientInfo } from '@app/core';
import { SessionsService, SessionTokens } from '@app/tokens';
import { toUserDto, UserDto, UsersService } from '@app/users';
import { REGISTRATIONS } from './auth.metrics';
import { RegisterDto } from './dto/register.dto';

/** Sign-up: the account, and a session unless the email must be verified first. */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    @InjectMetric(REGISTRATIONS) private readonly registrations: Counter<string>,
  ) {}

  async register(
    dto: RegisterDto,
    client: ClientInfo,
  ): Promise<{ user: UserDto; session: SessionTokens | null }> {
    const user = await this.users.register({
      email: dto.email,
      password: dto.password,
      phone: dto.phone,
      displayName: dto.display_name,
    });
    this.registrations.inc();
    await this.audit.record('user.registered', {
      userId: user.id,
      client,
      metadata: { with_phone: user.phone !== null },
    });
    const session = this.config.passwords.requireEmailVerification
      ? null
      : await this.sessions.start(user, { amr: ['pwd'], aal: 'aal1' }, client);
    return { user: toUserDto(user), session };
  }
}
