export * from './auth.module';
export * from './sign-in.service';
export * from './auth.errors';
export { LOGINS } from './auth.metrics';
export { MfaRequiredResponse, SignedIn } from './dto/responses';
