import { DisplayNameField, EmailField, PasswordField, PhoneField } from '@app/users';

export class RegisterDto {
  @EmailField()
  email!: string;

  @PasswordField()
  password!: string;

  @PhoneField({ nullable: true })
  phone?: string | null;

  @DisplayNameField({ nullable: true })
  display_name?: string | null;
}
