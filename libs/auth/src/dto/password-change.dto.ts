import { PasswordField } from '@app/users';

export class PasswordChangeDto {
  @PasswordField({ description: 'The password the account has now.' })
  current_password!: string;

  @PasswordField()
  new_password!: string;
}
