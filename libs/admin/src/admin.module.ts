import { Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { MfaModule } from '@app/mfa';
import { UsersModule } from '@app/users';
import { AdminAuditController } from './admin-audit.controller';
import { AdminUserSessionsController } from './admin-user-sessions.controller';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { AdminUsersView } from './admin-users.view';

/**
 * The admin API (`/admin/v1`) for operators and back-office services: accounts, their sessions
 * and second factors, and the audit log. Every route is behind the admin key guard (`AdminApi`).
 */
@Module({
  imports: [AccountsModule, MfaModule, UsersModule],
  controllers: [AdminUsersController, AdminUserSessionsController, AdminAuditController],
  providers: [AdminUsersService, AdminUsersView],
})
export class AdminModule {}
