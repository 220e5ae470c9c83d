import { EmailField, PasswordField } from '@app/users';

export class LoginDto {
  @EmailField()
  email!: string;

  @PasswordField({ description: 'The account password, as set.' })
  password!: string;
}
