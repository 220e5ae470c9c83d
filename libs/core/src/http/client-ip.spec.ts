import { trustProxyOption } from './client-ip';

describe('trustProxyOption', () => {
  it('trusts the given number of hops nearest to the socket', () => {
    const trust = trustProxyOption(2);
    expect(typeof trust).toBe('function');
    const isTrusted = trust as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => isTrusted('10.0.0.1', hop))).toEqual([true, true, false]);
  });

  it('passes false and address lists through', () => {
    expect(trustProxyOption(false)).toBe(false);
    expect(trustProxyOption(['10.0.0.0/8'])).toEqual(['10.0.0.0/8']);
  });
});
