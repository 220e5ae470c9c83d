import { databaseSecrets, failureMessage } from './failure-message';

describe('failureMessage', () => {
  const url = 'postgres://auth:p%40ss%2Fw0rd@db.internal:5432/auth';

  it('keeps the first line of the message only', () => {
    expect(failureMessage(new Error('relation "users" already exists\n    at Parser.parse'), [])).toBe(
      'relation "users" already exists',
    );
  });

  it('removes the database URL and its password, encoded or decoded', () => {
    const secrets = databaseSecrets(url);
    expect(failureMessage(new Error(`cannot reach ${url}`), secrets)).toBe('cannot reach ***');
    expect(failureMessage(new Error('bad password p@ss/w0rd'), secrets)).toBe('bad password ***');
    expect(failureMessage(new Error('bad password p%40ss%2Fw0rd'), secrets)).toBe('bad password ***');
  });

  it('describes errors without a message by their inner errors or their code', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' });
    const aggregate = new AggregateError([refused, new Error('connect ECONNREFUSED 127.0.0.1:5432')], '');
    expect(failureMessage(aggregate, [])).toBe(
      'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432',
    );
    expect(failureMessage(Object.assign(new Error(''), { code: 'ETIMEDOUT' }), [])).toBe('ETIMEDOUT');
    expect(failureMessage('plain text', [])).toBe('plain text');
  });
});

describe('databaseSecrets', () => {
  it('lists nothing to hide without a URL or without a password', () => {
    expect(databaseSecrets(undefined)).toEqual([]);
    expect(databaseSecrets('postgres://auth@db/auth')).toEqual(['postgres://auth@db/auth']);
  });
});
