import { describeFailure, redact } from './failure-cause';

describe('describeFailure', () => {
  it('names the error, its code, status and command, and quotes its message', () => {
    const error = Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT', command: 'CONN' });

    expect(describeFailure(error, [])).toBe('code=ETIMEDOUT command=CONN "Greeting never received"');
  });

  it('follows the cause chain', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4025'), { code: 'ECONNREFUSED' });
    const error = new TypeError('fetch failed', { cause });

    expect(describeFailure(error, [])).toBe(
      'TypeError "fetch failed" <- code=ECONNREFUSED "connect ECONNREFUSED 127.0.0.1:4025"',
    );
  });

  it('takes out the recipient and the message even when the provider quotes them', () => {
    const body = 'Use 48 29 13 to sign in';
    const error = Object.assign(new Error(`550 <Ada.L@Example.test> rejected "${body}" for +15558675310`), {
      responseCode: 550,
    });

    const described = describeFailure(error, ['+15558675310', body]);

    expect(described).toBe('response=550 "550 <[address]> rejected \\"[redacted]\\" for [redacted]"');
  });

  it('leaves out the legacy numeric code of a DOMException', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');

    expect(describeFailure(timeout, [])).toBe('TimeoutError "The operation was aborted due to timeout"');
  });

  it('says something for values that are not errors', () => {
    expect(describeFailure('socket hang up', [])).toBe('socket hang up');
    expect(describeFailure({}, [])).toBe('unknown error');
  });
});

describe('redact', () => {
  it('replaces addresses and numbers of six digits or more, keeping ports, statuses and error codes', () => {
    expect(redact('code 482913 for bob@example.test via 10.0.0.1:587, Twilio error 21211', [])).toBe(
      'code [number] for [address] via 10.0.0.1:587, Twilio error 21211',
    );
  });

  it('bounds the length', () => {
    expect(redact('x'.repeat(500), [])).toHaveLength(203);
  });
});
