import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * Makes Postgres refuse every session inserted with the returned user agent, until `allow` is
 * called: a flow whose session cannot be stored must leave nothing half done. Other tests, with
 * other user agents, are not affected.
 */
export async function refuseSessions(
  dataSource: DataSource,
): Promise<{ userAgent: string; allow: () => Promise<void> }> {
  const name = `refuse_session_${randomUUID().replace(/-/g, '')}`;
  const userAgent = `${name}-agent`;
  await dataSource.query(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.user_agent = '${userAgent}' THEN RAISE EXCEPTION 'session refused'; END IF;
         RETURN NEW;
       END $$`,
  );
  await dataSource.query(
    `CREATE TRIGGER ${name} BEFORE INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION ${name}()`,
  );
  return {
    userAgent,
    allow: async () => {
      await dataSource.query(`DROP TRIGGER ${name} ON sessions`);
      await dataSource.query(`DROP FUNCTION ${name}()`);
    },
  };
}
