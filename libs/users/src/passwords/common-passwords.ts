import { dictionary } from '@zxcvbn-ts/language-common';

let commonPasswords: Set<string> | undefined;

/**
 * The "passwords-common" list of zxcvbn-ts (@zxcvbn-ts/language-common): about 49,000
 * passwords, lower-cased and ranked by frequency, from the ten million real passwords of
 * breached accounts that Mark Burnett published (xato.net, 2015): the list zxcvbn scores
 * against. It covers the 10,000 most common passwords and far more. Loaded once, on first use.
 */
export function isCommonPassword(lowerCased: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
  return commonPasswords.has(lowerCased);
}
