import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { OAuthCode } from './oauth-code.entity';
import { OAuthLinkTicket } from './oauth-link-ticket.entity';
import { OAuthTransaction } from './oauth-transaction.entity';

/** Rows of expired entries removed per write, so that the tables stay small without a job. */
const SWEEP_LIMIT = 100;

/**
 * The short-lived, single-use secrets of the flow: authorization attempts, link tickets and our
 * one-time codes, each keyed by the SHA-256 of its secret. Each is taken with one
 * `DELETE ... RETURNING` (read through a CTE, so that the driver answers its rows), so that of two concurrent requests exactly one gets the row.
 */
@Injectable()
export class OAuthTransactionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  insertTransaction(values: OAuthTransaction): Promise<void> {
    return this.insert(OAuthTransaction, values);
  }

  insertLinkTicket(values: OAuthLinkTicket): Promise<void> {
    return this.insert(OAuthLinkTicket, values);
  }

  insertCode(values: OAuthCode): Promise<void> {
    return this.insert(OAuthCode, values);
  }

  /**
   * The live attempt of this state, started in this browser for this provider; gone afterwards.
   * A callback from another browser takes nothing, so that it cannot spoil the real one.
   */
  async takeTransaction(
    stateHash: Buffer,
    bindingHash: Buffer,
    provider: string,
    now: Date,
  ): Promise<OAuthTransaction | null> {
    const rows = await this.dataSource.query<Array<Record<string, unknown>>>(
      `WITH taken AS (
         DELETE FROM oauth_transactions
          WHERE state_hash = $1 AND binding_hash = $2 AND provider = $3 AND expires_at > $4
          RETURNING *
       )
       SELECT * FROM taken`,
      [stateHash, bindingHash, provider, now],
    );
    return this.fromRow(OAuthTransaction, rows[0]);
  }

  async takeLinkTicket(ticketHash: Buffer, provider: string, now: Date): Promise<OAuthLinkTicket | null> {
    const rows = await this.dataSource.query<Array<Record<string, unknown>>>(
      `WITH taken AS (
         DELETE FROM oauth_link_tickets
          WHERE ticket_hash = $1 AND provider = $2 AND expires_at > $3
          RETURNING *
       )
       SELECT * FROM taken`,
      [ticketHash, provider, now],
    );
    return this.fromRow(OAuthLinkTicket, rows[0]);
  }

  /** Consumes the code, inside the caller's transaction; spent even if what follows refuses it. */
  async takeCode(em: EntityManager, codeHash: Buffer, now: Date): Promise<OAuthCode | null> {
    const rows = await em.query<Array<Record<string, unknown>>>(
      'WITH taken AS (DELETE FROM oauth_codes WHERE code_hash = $1 RETURNING *) SELECT * FROM taken',
      [codeHash],
    );
    const code = this.fromRow(OAuthCode, rows[0]);
    return code && code.expiresAt > now ? code : null;
  }

  private async insert<T extends ObjectLiteral & { createdAt: Date }>(
    target: EntityTarget<T>,
    values: T,
  ): Promise<void> {
    const metadata = this.dataSource.getMetadata(target);
    const table = metadata.tableName;
    const key = metadata.primaryColumns[0]!.databaseName;
    await this.dataSource.query(
      `DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE expires_at <= $1 LIMIT ${SWEEP_LIMIT})`,
      [values.createdAt],
    );
    await this.dataSource.getRepository(target).insert(values);
  }

  private fromRow<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    row: Record<string, unknown> | undefined,
  ): T | null {
    if (!row) return null;
    const repository = this.dataSource.getRepository(target);
    const entity = repository.create();
    for (const column of repository.metadata.columns) column.setEntityValue(entity, row[column.databaseName]);
    return entity;
  }
}
