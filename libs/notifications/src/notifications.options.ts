/** Settings of `NotificationsModule.forRoot` beyond the configuration. */
export interface NotificationsOptions {
  /**
   * How long one provider step may take before the send counts as failed: the SMTP connection,
   * greeting and each reply, a Twilio request, the webhook call. Default 5 s.
   */
  timeoutMs?: number;
}

export const DEFAULT_DELIVERY_TIMEOUT_MS = 5000;
