/** A configuration problem an operator must fix; its message is one line naming the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
