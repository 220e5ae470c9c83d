import twilio from 'twilio';

/**
 * The HTTP client the Twilio SDK sends its requests through. Nothing provides one in the service,
 * so the SDK uses its own client against api.twilio.com; a test provides one (globally) that sends
 * the same requests to a local stand-in.
 */
export abstract class TwilioHttpClient extends twilio.RequestClient {}
