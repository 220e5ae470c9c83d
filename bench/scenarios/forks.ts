import type { ThrowawayDatabase } from '../environment/throwaway-database';

/**
 * A forked session is one whose refresh chain branched: a token with two children, or two live
 * tokens at once. Reuse revocations would show a token presented twice.
 */
export async function countForks(
  database: ThrowawayDatabase,
): Promise<{ forkedSessions: number; reuseRevocations: number; rotations: number }> {
  const [row] = await database.query<{ forked: string; reused: string; rotations: string }>(`
    SELECT
      (SELECT count(DISTINCT session_id) FROM (
         SELECT session_id FROM refresh_tokens WHERE parent_id IS NOT NULL
           GROUP BY session_id, parent_id HAVING count(*) > 1
         UNION ALL
         SELECT session_id FROM refresh_tokens WHERE rotated_at IS NULL AND revoked_at IS NULL
           GROUP BY session_id HAVING count(*) > 1) AS f) AS forked,
      (SELECT count(*) FROM sessions WHERE revoked_reason = 'refresh_token_reused') AS reused,
      (SELECT count(*) FROM refresh_tokens WHERE parent_id IS NOT NULL) AS rotations`);
  return {
    forkedSessions: Number(row?.forked ?? 0),
    reuseRevocations: Number(row?.reused ?? 0),
    rotations: Number(row?.rotations ?? 0),
  };
}
