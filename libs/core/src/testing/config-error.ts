import { ConfigError, Env, loadConfig } from '../config';

/** The one-line message with which `loadConfig` refuses `env`; fails the test when it does not. */
export function configErrorOf(env: Env): string {
  let thrown: unknown;
  try {
    loadConfig(env, '/srv/auth');
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return (thrown as Error).message;
}
