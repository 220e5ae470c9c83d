export * from './software-authenticator';
