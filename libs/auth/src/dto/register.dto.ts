import { DisplayNameField, EmailField, PasswordField, PhoneField } from '@app/users';

export class RegisterDto {
  @EmailField()
  email!: string;

  @PasswordField()
  password!: string;

  @PhoneField()
  phone?: string;

  @DisplayNameField()
  display_name?: string;
}
