export * from './otp.module';
export * from './otp.service';
export * from './otp.types';
export * from './otp.errors';
export { OneTimeCode } from './one-time-code.entity';
