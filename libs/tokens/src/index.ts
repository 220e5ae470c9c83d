export * from './tokens.module';
export * from './sessions/sessions.service';
export * from './sessions/session-tokens';
export * from './jwt/access-tokens';
export * from './tokens.errors';
export { Session } from './sessions/session.entity';
export { RefreshToken } from './sessions/refresh-token.entity';
export { DeletedSession } from './sessions/deleted-session.entity';
export { SessionSummary, SessionSummaryList, toSessionSummary } from './dto/responses';
