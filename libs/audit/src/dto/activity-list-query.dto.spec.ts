import type { ArgumentMetadata } from '@nestjs/common';
import { AppException, createValidationPipe } from '@app/core';
import { ActivityListQueryDto } from './activity-list-query.dto';

const QUERY: ArgumentMetadata = { type: 'query', metatype: ActivityListQueryDto };

/** The query as the service's global pipe turns it into the DTO. */
async function parse(query: Record<string, unknown>): Promise<ActivityListQueryDto> {
  return (await createValidationPipe().transform(query, QUERY)) as ActivityListQueryDto;
}

async function failedFields(query: Record<string, unknown>): Promise<string[]> {
  try {
    await parse(query);
  } catch (error) {
    expect(error).toBeInstanceOf(AppException);
    expect((error as AppException).code).toBe('validation_failed');
    return ((error as AppException).options.errors ?? []).map((e) => e.field);
  }
  throw new Error(`query ${JSON.stringify(query)} was accepted`);
}

describe('ActivityListQueryDto', () => {
  it('defaults limit to 20 and leaves the cursor out', async () => {
    const dto = await parse({});
    expect(dto.limit).toBe(20);
    expect(dto.cursor).toBeUndefined();
  });

  it('reads limit from its query string form', async () => {
    expect((await parse({ limit: '1' })).limit).toBe(1);
    expect((await parse({ limit: '100', cursor: 'abc' })).limit).toBe(100);
  });

  it.each(['0', '101', '-1', '1.5', '1e2', ' 5', '', 'ten', '99999999999999999999'])(
    'refuses limit %j',
    async (limit) => {
      expect(await failedFields({ limit })).toContain('limit');
    },
  );

  it('refuses a repeated limit', async () => {
    expect(await failedFields({ limit: ['10', '20'] })).toContain('limit');
  });

  it('refuses a cursor over 512 characters', async () => {
    expect(await failedFields({ cursor: 'a'.repeat(513) })).toEqual(['cursor']);
  });

  it('refuses unknown parameters', async () => {
    expect(await failedFields({ user_id: 'someone-else' })).toEqual(['user_id']);
  });
});
