import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@app/core';
import { testConfig } from '@app/core/testing';
import { ENTITIES } from '../src/entities';

/**
 * The SQL migrations are the source of truth; the entities must describe exactly that schema, or
 * `migrate:generate` would propose spurious changes (and queries could expect columns that differ).
 */
describe('entities and migrations', () => {
  it('describe the same schema: the schema builder proposes no change', async () => {
    const dataSource = await new DataSource({
      ...buildDataSourceOptions(testConfig()),
      entities: ENTITIES,
    }).initialize();
    try {
      const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
      expect(upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
