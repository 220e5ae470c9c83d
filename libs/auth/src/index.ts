export * from './auth.module';
export * from './sign-in.service';
export * from './auth.errors';
