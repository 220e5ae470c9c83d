export * from './access.guard';
export * from './bearer';
export * from './current-principal.decorator';
export * from './invalid-token.exception';
export * from './principal';
