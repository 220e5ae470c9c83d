/** The configuration loader already insists on a provider's settings; this keeps the types honest. */
export function requiredSetting(value: string | undefined, name: string): string {
  if (value === undefined) throw new Error(`${name} is not configured`);
  return value;
}
