import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { AppConfig, ClientInfo } from '@app/core';
import { SessionsService, SessionTokens } from '@app/tokens';
import { toUserDto, UserDto, UsersService } from '@app/users';
import { REGISTRATIONS } from './auth.metrics';
import { RegisterDto } from './dto/register.dto';

/**
 * Sign-up: the account, its audit event and, unless the email must be verified first, a session,
 * in one transaction (the password is hashed before it).
 */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    @InjectMetric(REGISTRATIONS) private readonly registrations: Counter<string>,
  ) {}

  async register(
    dto: RegisterDto,
    client: ClientInfo,
  ): Promise<{ user: UserDto; session: SessionTokens | null }> {
    const account = await this.users.prepareAccount({
      email: dto.email,
      password: dto.password,
      phone: dto.phone,
      displayName: dto.display_name,
    });
    const { user, session } = await this.dataSource.transaction(async (em) => {
      const user = await this.users.createAccount(account, em);
      const session = this.config.passwords.requireEmailVerification
        ? null
        : await this.sessions.start(user, { amr: ['pwd'], aal: 'aal1' }, client, em);
      await this.audit.record('user.registered', {
        userId: user.id,
        client,
        metadata: { with_phone: user.phone !== null, session_id: session?.session_id ?? null },
        manager: em,
      });
      return { user, session };
    });
    this.registrations.inc();
    return { user: toUserDto(user), session };
  }
}
