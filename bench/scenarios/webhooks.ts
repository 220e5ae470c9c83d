import { randomBytes } from 'node:crypto';
import { FastWebhookReceiver } from '../environment/webhook-receiver';
import { ServiceSettings, startService } from '../environment/service';
import type { LoadResult } from '../load/load-run';
import type { Measurements } from '../load/measurements';
import type { Check } from '../report/report';
import type { Account } from './accounts';
import { loginRequest, SignUps } from './requests';

export const WEBHOOKS_OFF = 'webhooks off';
export const WEBHOOKS_ON = 'webhooks on (fast receiver)';

/**
 * Registration and login on the running service (webhooks off) and, side by side, on a second
 * instance of the same database that sends every event to a fast receiver: the cost of the outbox
 * rows in the user's transaction and of the deliveries beside the requests.
 */
export async function measureWebhooks(
  measurements: Measurements,
  offUrl: string,
  settings: ServiceSettings,
  accounts: Account[],
  runId: string,
): Promise<{ delivered: number }> {
  const receiver = await FastWebhookReceiver.start();
  const on = await startService({
    ...settings,
    extraEnv: {
      WEBHOOK_URLS: receiver.url,
      WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
    },
  });
  try {
    const offSignUps = new SignUps(`${runId}-whoff`);
    const onSignUps = new SignUps(`${runId}-whon`);
    await measurements.sweepSideBySide([
      { scenario: `register, ${WEBHOOKS_OFF}`, baseUrl: offUrl, request: () => offSignUps.request() },
      { scenario: `register, ${WEBHOOKS_ON}`, baseUrl: on.url, request: () => onSignUps.request() },
      { scenario: `login, ${WEBHOOKS_OFF}`, baseUrl: offUrl, request: () => loginRequest(accounts) },
      { scenario: `login, ${WEBHOOKS_ON}`, baseUrl: on.url, request: () => loginRequest(accounts) },
    ]);
    return { delivered: receiver.received };
  } finally {
    await on.process.stop();
    await receiver.stop();
  }
}

/** Registration and login with webhooks on keep at least 0.9× their rate without (best concurrency each). */
export function webhookChecks(rows: LoadResult[]): Check[] {
  const best = (scenario: string) =>
    Math.max(0, ...rows.filter((r) => r.scenario === scenario).map((r) => r.rps));
  return ['register', 'login'].map((flow) => {
    const off = best(`${flow}, ${WEBHOOKS_OFF}`);
    const value = off > 0 ? best(`${flow}, ${WEBHOOKS_ON}`) / off : 0;
    return {
      name: `${flow} with webhooks on / off, req/s`,
      value,
      unit: '×',
      target: '≥ 0.9',
      met: value >= 0.9,
    };
  });
}
