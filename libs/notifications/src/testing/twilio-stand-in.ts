import { DynamicModule, Global, Module } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { DEFAULT_DELIVERY_TIMEOUT_MS } from '../notifications.options';
import { TwilioHttpClient } from '../sms/twilio-http-client';
import { LocalHttpServer, type RecordedRequest } from './local-http-server';

export interface TwilioRequest extends RecordedRequest {
  /** From the Basic `Authorization` header: the account SID and the auth token. */
  username: string;
  password: string;
  /** The form fields (`From`, `To`, `Body`, `MessagingServiceSid`, ...). */
  form: Record<string, string>;
}

interface TwilioError {
  status: number;
  code: number;
  message: string;
}

/**
 * A local HTTP server in Twilio's place. The real SDK talks to it through `requestClient()`,
 * which sends every request meant for *.twilio.com here instead; the stand-in records what Twilio
 * would have received and answers the way Twilio does (201 with a message SID, or an error body).
 */
export class TwilioStandIn extends LocalHttpServer {
  readonly requests: TwilioRequest[] = [];
  private readonly failures: Array<Partial<TwilioError>> = [];
  private hanging = false;

  private constructor() {
    super();
  }

  static async start(): Promise<TwilioStandIn> {
    const standIn = new TwilioStandIn();
    await standIn.listen();
    return standIn;
  }

  /** A client for the SDK (`httpClient` option, or the `TwilioHttpClient` provider) that calls this stand-in. */
  requestClient(options: { timeoutMs?: number } = {}): TwilioHttpClient {
    return new StandInRequestClient(this.baseUrl, options.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS);
  }

  /** A global module providing `TwilioHttpClient`, so that the service's Twilio sender calls this stand-in. */
  providerModule(options: { timeoutMs?: number } = {}): DynamicModule {
    const provider = { provide: TwilioHttpClient, useValue: this.requestClient(options) };
    return { module: TwilioStandInModule, providers: [provider], exports: [TwilioHttpClient] };
  }

  /**
   * Answer the next request with an error. By default Twilio's 400 for a bad number, whose
   * message, like Twilio's, quotes the recipient.
   */
  failNext(error: Partial<TwilioError> = {}): void {
    this.failures.push(error);
  }

  /** From now on, take requests and never answer them. */
  hang(): void {
    this.hanging = true;
  }

  protected answer(request: RecordedRequest, response: ServerResponse): void {
    const [scheme, credentials = ''] = (request.headers.authorization ?? '').split(' ');
    const [username = '', password = ''] =
      scheme === 'Basic' ? Buffer.from(credentials, 'base64').toString('utf8').split(':') : [];
    const form = Object.fromEntries(new URLSearchParams(request.rawBody.toString('utf8')));
    this.requests.push({ ...request, username, password, form });
    if (this.hanging) return;
    const failure = this.failures.shift();
    if (failure) {
      const status = failure.status ?? 400;
      const code = failure.code ?? 21211;
      const message = failure.message ?? `The 'To' number ${form.To} is not a valid phone number.`;
      const moreInfo = `https://www.twilio.com/docs/errors/${code}`;
      return json(response, status, { code, message, more_info: moreInfo, status });
    }
    const sid = `SM${randomBytes(16).toString('hex')}`;
    json(response, 201, {
      sid,
      account_sid: username,
      to: form.To,
      from: form.From ?? null,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      body: form.Body,
      status: 'queued',
      num_segments: '1',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: new Date().toUTCString(),
      uri: `/2010-04-01/Accounts/${username}/Messages/${sid}.json`,
    });
  }
}

@Global()
@Module({})
class TwilioStandInModule {}

function json(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** The SDK's own HTTP client, with the Twilio host of every URL replaced by the stand-in's. */
class StandInRequestClient extends TwilioHttpClient {
  constructor(
    private readonly baseUrl: string,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs });
  }

  override request<T>(options: RequestClient.RequestOptions<T>): Promise<Response<T>> {
    const uri = options.uri.replace(/^https:\/\/[a-z0-9.-]*\.twilio\.com/i, this.baseUrl);
    return super.request({ ...options, uri });
  }
}
