/** The longest password accepted, in Unicode code points (API.md: 8 to 256 characters). */
export const PASSWORD_MAX_LENGTH = 256;
