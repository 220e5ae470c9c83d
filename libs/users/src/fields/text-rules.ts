import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Control, format (zero-width, bidirectional overrides) and line-separator characters. None
 * belongs in an address or a name; they enable header injection and look-alike duplicates.
 */
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const LONE_SURROGATE = /\p{Cs}/u;

export function hasInvisibleOrControlCharacters(value: string): boolean {
  return INVISIBLE_OR_CONTROL.test(value);
}

/** Length in Unicode code points, as Postgres `length()` counts text. */
export function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

export function NoControlCharacters(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'noControlCharacters',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !hasInvisibleOrControlCharacters(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must not contain control characters`,
          options,
        ),
      },
    },
    options,
  );
}

/** Well-formed UTF-16 (no lone surrogate), so that its UTF-8 encoding is lossless. */
export function IsWellFormedText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isWellFormedText',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !LONE_SURROGATE.test(value),
        defaultMessage: buildMessage((each) => `${each}$property must be valid Unicode text`, options),
      },
    },
    options,
  );
}

export function CodePointLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'codePointLength',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const length = codePointLength(value);
          return length >= min && length <= max;
        },
        defaultMessage: buildMessage(
          (each) => `${each}$property must be between ${min} and ${max} characters long`,
          options,
        ),
      },
    },
    options,
  );
}

/** Options every field decorator of this module takes. */
export interface FieldOptions {
  /** The field may be absent (the property is left undefined). */
  optional?: boolean;
  /** `null` passes too, for a field whose contract gives it a meaning; otherwise it is refused. */
  nullable?: boolean;
  description?: string;
}
