import { Injectable } from '@nestjs/common';
import { decodeActivityCursor, encodeActivityCursor } from '@app/audit';
import { SessionsService, SessionSummaryList, toSessionSummary } from '@app/tokens';
import { User, UserNotFoundException, UsersService } from '@app/users';
import { AdminUsersView } from './admin-users.view';
import type { AdminUserDto } from './dto/admin-user.dto';
import type { AdminUserListQueryDto } from './dto/admin-queries.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The operators' reads of accounts: search with keyset pages, one account, its sessions. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly view: AdminUsersView,
  ) {}

  async list(query: AdminUserListQueryDto): Promise<{ users: AdminUserDto[]; next_cursor: string | null }> {
    const after = query.cursor === undefined ? undefined : decodeActivityCursor(query.cursor);
    const rows = await this.users.search({
      query: query.query,
      disabled: query.disabled,
      limit: query.limit + 1,
      after,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      users: await this.view.many(page.map((row) => row.user)),
      next_cursor:
        rows.length > query.limit && last
          ? encodeActivityCursor({ createdAt: last.position, id: last.user.id })
          : null,
    };
  }

  async get(id: string): Promise<AdminUserDto> {
    return this.view.one(await this.existing(id));
  }

  async sessionsOf(id: string): Promise<SessionSummaryList> {
    const user = await this.existing(id);
    const sessions = await this.sessions.listActive(user.id);
    return { sessions: sessions.map(toSessionSummary) };
  }

  /** 404 `not_found` for an unknown id, and for anything that is not a uuid. */
  private async existing(id: string): Promise<User> {
    const user = UUID.test(id) ? await this.users.findById(id) : null;
    if (!user) throw new UserNotFoundException();
    return user;
  }
}
