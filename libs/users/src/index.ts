export { UsersModule } from './users.module';
export { UsersService, type AccountChanges, type NewAccount, type RegisterInput } from './users.service';
export type { PositionedUser, UserSearch } from './users.repository';
export { User } from './user.entity';
export { toUserDto, UserResponse, type UserDto } from './user.dto';
export {
  EmailTakenException,
  PhoneTakenException,
  UserDisabledException,
  UserNotFoundException,
  WeakPasswordException,
} from './users.errors';
export { PasswordHasher } from './passwords/password-hasher';
export { RefuseWhenHashingIsBusy } from './passwords/early-hashing-refusal';
export { PasswordPolicy, type PasswordContext } from './passwords/password-policy';
export { PASSWORD_MAX_LENGTH } from './passwords/password-limits';
export { normalizeEmail, normalizePhone } from './fields/normalize';
export { EmailField, EMAIL_MAX_LENGTH } from './fields/email.field';
export { PasswordField } from './fields/password.field';
export { PhoneField } from './fields/phone.field';
export { DisplayNameField, DISPLAY_NAME_MAX_LENGTH } from './fields/display-name.field';
export type { FieldOptions } from './fields/text-rules';
export { CodePointLength, NoControlCharacters } from './fields/text-rules';
export { LoginLockout, LOGIN_LOCKOUT_POLICY } from './lockout/login-lockout';
export { AppMetadataField } from './fields/app-metadata.field';
export { APP_METADATA_MAX_BYTES, appMetadataProblem } from './fields/app-metadata';
export { violatedConstraint } from './constraint-violation';
export {
  hasSignInMethod,
  LastSignInMethodException,
  lockSignInMethods,
  type SignInMethods,
} from './sign-in-methods';
export { awaitsEmailVerification } from './email-verification';
