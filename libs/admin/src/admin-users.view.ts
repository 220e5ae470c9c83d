import { Injectable } from '@nestjs/common';
import { SecondFactors } from '@app/mfa';
import type { User } from '@app/users';
import { AdminUserDto, toAdminUserDto } from './dto/admin-user.dto';

/** Accounts as `AdminUser` objects, with their second factors read in one query per page. */
@Injectable()
export class AdminUsersView {
  constructor(private readonly secondFactors: SecondFactors) {}

  async one(user: User): Promise<AdminUserDto> {
    return (await this.many([user]))[0]!;
  }

  async many(users: User[]): Promise<AdminUserDto[]> {
    const factors = await this.secondFactors.activeOf(users.map((u) => u.id));
    return users.map((user) => toAdminUserDto(user, factors.get(user.id)));
  }
}
