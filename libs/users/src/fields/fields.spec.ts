import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DisplayNameField } from './display-name.field';
import { EmailField } from './email.field';
import { PasswordField } from './password.field';
import { PhoneField } from './phone.field';

class SignUpDto {
  @EmailField()
  email!: string;

  @PasswordField()
  password!: string;

  @PhoneField({ nullable: true })
  phone?: string | null;

  @DisplayNameField({ nullable: true })
  display_name?: string | null;
}

/** Optional fields for which null means nothing: refused like any other wrong type. */
class StrictDto {
  @PhoneField()
  phone?: string;

  @DisplayNameField()
  display_name?: string;
}

class SmsDto {
  @PhoneField({ optional: false })
  phone!: string;

  @EmailField({ optional: true })
  email?: string;
}

const valid = { email: 'alice@example.com', password: 'tangerine-orbit-47' };

/** The DTO as the validation pipe leaves it, and the names of the fields it refused. */
function parse<T extends object>(type: new () => T, body: Record<string, unknown>) {
  const dto = plainToInstance(type, body);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  return { dto, refused: errors.map((error) => error.property) };
}

describe('EmailField', () => {
  it.each([
    ['  Alice@Example.COM ', 'alice@example.com'],
    ['ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'alice@example.com'],
  ])('normalises %j before validating it', (email, expected) => {
    const { dto, refused } = parse(SignUpDto, { ...valid, email });
    expect(refused).toEqual([]);
    expect(dto.email).toBe(expected);
  });

  it.each([
    ['not an address', 'alice'],
    ['a missing domain', 'alice@'],
    ['a domain without a TLD', 'alice@localhost'],
    ['a display name', 'Alice <alice@example.com>'],
    ['a CR/LF', 'alice@example.com\r\nBcc: eve@example.com'],
    ['a trailing newline', 'alice@example.com\n'],
    ['a NUL', 'alice\u0000@example.com'],
    ['a tab', 'alice\t@example.com'],
    ['a zero-width space', 'ali\u200bce@example.com'],
    ['a bidirectional override', 'alice\u202e@example.com'],
    [
      'more than 254 characters',
      `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.com`,
    ],
    ['a number', 42],
    ['null', null],
    ['nothing', undefined],
  ])('refuses %s', (_label, email) => {
    expect(parse(SignUpDto, { ...valid, email }).refused).toEqual(['email']);
  });

  it('lets an optional address be absent', () => {
    expect(parse(SmsDto, { phone: '+33612345678' }).refused).toEqual([]);
  });
});

describe('PasswordField', () => {
  it('accepts 1 to 256 characters, counted in code points, and never transforms them', () => {
    const password = '  ' + '🔑'.repeat(254);
    const { dto, refused } = parse(SignUpDto, { ...valid, password });
    expect(refused).toEqual([]);
    expect(dto.password).toBe(password);
    expect(parse(SignUpDto, { ...valid, password: 'x' }).refused).toEqual([]);
  });

  it.each([
    ['an empty password', ''],
    ['257 characters', 'p'.repeat(257)],
    ['a lone surrogate', 'abc\ud800defgh'],
    ['a number', 12345678],
    ['nothing', undefined],
  ])('refuses %s', (_label, password) => {
    expect(parse(SignUpDto, { ...valid, password }).refused).toEqual(['password']);
  });
});

describe('PhoneField', () => {
  it('transforms an international number to E.164', () => {
    const { dto, refused } = parse(SignUpDto, { ...valid, phone: '+1 (415) 555-2671' });
    expect(refused).toEqual([]);
    expect(dto.phone).toBe('+14155552671');
  });

  it('is optional by default, and takes null only where nullable', () => {
    expect(parse(SignUpDto, valid).refused).toEqual([]);
    expect(parse(SignUpDto, { ...valid, phone: null }).refused).toEqual([]);
    expect(parse(SmsDto, { phone: '+33612345678', email: null }).refused).toEqual(['email']);
    expect(parse(StrictDto, { phone: null, display_name: null }).refused).toEqual(['phone', 'display_name']);
  });

  it.each([[true], [123], [[]], [{}], ['']])('refuses the JSON value %j', (phone) => {
    expect(parse(StrictDto, { phone }).refused).toEqual(['phone']);
  });

  it.each([
    ['0612345678'],
    ['33612345678'],
    ['+1 555 0100'],
    ['+33612345678 ext. 5'],
    [''],
    ['+33612345678\n'],
    [33612345678],
  ])('refuses %j', (phone) => {
    expect(parse(SignUpDto, { ...valid, phone }).refused).toEqual(['phone']);
  });

  it('can be required', () => {
    expect(parse(SmsDto, {}).refused).toEqual(['phone']);
  });
});

describe('DisplayNameField', () => {
  it('trims the name', () => {
    const { dto, refused } = parse(SignUpDto, { ...valid, display_name: '  Alice Liddell ' });
    expect(refused).toEqual([]);
    expect(dto.display_name).toBe('Alice Liddell');
  });

  it('accepts 100 characters, counted in code points', () => {
    expect(parse(SignUpDto, { ...valid, display_name: '🦊'.repeat(100) }).refused).toEqual([]);
  });

  it.each([
    ['an empty name', ''],
    ['only spaces', '   '],
    ['101 characters', 'a'.repeat(101)],
    ['a newline', 'Alice\nLiddell'],
    ['a trailing newline', 'Alice\n'],
    ['a NUL', 'Alice\u0000'],
    ['a bidirectional override', 'Alice\u202eecilA'],
    ['a number', 7],
  ])('refuses %s', (_label, display_name) => {
    expect(parse(SignUpDto, { ...valid, display_name }).refused).toEqual(['display_name']);
  });
});

describe('unknown fields', () => {
  it('are refused next to the decorated ones', () => {
    expect(parse(SignUpDto, { ...valid, role: 'admin' }).refused).toEqual(['role']);
  });
});
