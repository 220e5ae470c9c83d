import { ValidateIf } from 'class-validator';

export interface MayBeAbsentOptions {
  /** `null` is a value of the contract (e.g. "no display name") and passes as well. */
  nullable?: boolean;
}

/**
 * The field may be left out of the body or query. Unlike class-validator's `IsOptional`, which
 * skips `null` too, a `null` goes through the field's rules like any other value (and so is
 * refused by its type) unless the field is `nullable`: code reading an optional field tests it
 * against `undefined`, and a `null` let through validation reached it where a string was meant.
 */
export function MayBeAbsent({ nullable = false }: MayBeAbsentOptions = {}): PropertyDecorator {
  return ValidateIf(
    (_object: object, value: unknown) => value !== undefined && !(nullable && value === null),
  );
}
