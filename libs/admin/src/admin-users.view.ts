import { Injectable } from '@nestjs/common';
import { SecondFactors } from '@app/mfa';
import { IdentitiesService } from '@app/oauth';
import type { User } from '@app/users';
import { AdminUserDto, toAdminUserDto } from './dto/admin-user.dto';

/** Accounts as `AdminUser` objects, with their second factors and identities read in one query each per page. */
@Injectable()
export class AdminUsersView {
  constructor(
    private readonly secondFactors: SecondFactors,
    private readonly identities: IdentitiesService,
  ) {}

  async one(user: User): Promise<AdminUserDto> {
    return (await this.many([user]))[0]!;
  }

  async many(users: User[]): Promise<AdminUserDto[]> {
    const ids = users.map((u) => u.id);
    const [factors, identities] = await Promise.all([
      this.secondFactors.activeOf(ids),
      this.identities.listOf(ids),
    ]);
    return users.map((user) => toAdminUserDto(user, factors.get(user.id), identities.get(user.id)));
  }
}
