import { MalformedRequestException } from '../errors';
import { parseJsonObject } from './json-body';

describe('parseJsonObject', () => {
  const refusal = (text: string): string => {
    try {
      parseJsonObject(text);
    } catch (error) {
      expect(error).toBeInstanceOf(MalformedRequestException);
      return (error as MalformedRequestException).options.detail ?? '';
    }
    throw new Error(`${text} was accepted`);
  };

  it('parses an object, nested values included', () => {
    expect(parseJsonObject('{"a":1,"b":{"c":[true,null]},"constructor":"x"}')).toEqual({
      a: 1,
      b: { c: [true, null] },
      constructor: 'x',
    });
  });

  it.each(['{', '{"a":}', "{'a':1}", 'undefined', '{"a":1}x'])('says %j is not valid JSON', (text) => {
    expect(refusal(text)).toBe('The body is not valid JSON.');
  });

  it('says an empty body is empty', () => {
    expect(refusal('')).toMatch(/empty/);
  });

  it.each(['[]', '[{"a":1}]', '"a"', '1', 'true', 'null'])('refuses the top-level value %s', (text) => {
    expect(refusal(text)).toBe('The body must be a JSON object.');
  });

  it.each([
    '{"__proto__":{"admin":true}}',
    '{"a":{"b":[{"__proto__":{}}]}}',
    '{"constructor":{"prototype":{"admin":true}}}',
    '{"a":{"constructor":{"prototype":null}}}',
  ])('refuses the poisoned payload %s', (text) => {
    expect(refusal(text)).toMatch(/forbidden key/);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
