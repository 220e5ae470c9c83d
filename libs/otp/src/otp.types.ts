/** `email_change` and `phone_change` confirm a new address of a signed-in account. */
export const OTP_PURPOSES = ['verify', 'login', 'password_reset', 'email_change', 'phone_change'] as const;
export const OTP_CHANNELS = ['email', 'sms'] as const;

export type OtpPurpose = (typeof OTP_PURPOSES)[number];
export type OtpChannel = (typeof OTP_CHANNELS)[number];

/**
 * Where a code goes. The caller normalises the address first (an NFKC, lower-cased email or an
 * E.164 number): the destination's hash, hence its cooldown and daily cap, depends on that form.
 */
export interface OtpDestination {
  channel: OtpChannel;
  address: string;
  /**
   * The account whose codes these are, for an address that account is taking on (a new email or
   * number): accounts asking for the same new address then neither replace each other's code nor
   * share its cooldown and daily cap.
   */
  holder?: string;
}

export interface OtpSendRequest {
  purpose: OtpPurpose;
  destination: OtpDestination;
  /** The account that holds the address, or null: then nothing is delivered, but nothing shows it. */
  userId: string | null;
}

export interface OtpSent {
  /** Seconds until the code expires (OTP_TTL). */
  expiresIn: number;
}

export interface OtpConsumeRequest {
  purpose: OtpPurpose;
  destination: OtpDestination;
  code: string;
}

/** The code that was just consumed, as `onConsumed` sees it. */
export interface ConsumedOtp {
  /** The account the code was issued for (null when no account held the address at the time). */
  userId: string | null;
}
