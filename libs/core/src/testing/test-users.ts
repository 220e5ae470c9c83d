import { randomUUID } from 'node:crypto';
import { DataSource, Entity, PrimaryColumn } from 'typeorm';

/**
 * The `users` table as far as the foreign keys of lower libs (audit, otp) need it: they name the
 * entity `User`, which the users lib maps fully. Test modules of those libs register this one.
 */
@Entity({ name: 'users' })
export class User {
  @PrimaryColumn('uuid')
  id!: string;
}

/** Bare account rows for tests below the users lib; `removeAll` deletes them (rows referring to them cascade). */
export class TestUsers {
  private readonly ids: string[] = [];

  constructor(private readonly dataSource: DataSource) {}

  async create(): Promise<string> {
    const [row] = await this.dataSource.query<Array<{ id: string }>>(
      'INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id',
      [`${randomUUID()}@example.test`, 'not-a-hash'],
    );
    this.ids.push(row!.id);
    return row!.id;
  }

  async removeAll(): Promise<void> {
    if (this.ids.length > 0) await this.dataSource.query('DELETE FROM users WHERE id = ANY($1)', [this.ids]);
    this.ids.length = 0;
  }
}
