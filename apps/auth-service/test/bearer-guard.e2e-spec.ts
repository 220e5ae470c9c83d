import { bearer, registerUser, verifyToken } from './support/accounts';
import { startTestApp, TestApp } from './support/test-app';

/*
 * passport keeps its strategies in one registry per process. Two applications in one process, each
 * with its own signing key, must still each admit their own tokens and only those, on protected
 * routes as at verify-token, even with their requests interleaved.
 */
describe('the bearer guard of two applications in one process', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp();
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  const me = (t: TestApp, token: string) =>
    t.app.inject({ method: 'GET', url: '/v1/user/me', headers: bearer(token) });

  it('admits each application its own tokens only, under concurrent requests', async () => {
    const [ofA, ofB] = await Promise.all([registerUser(a.app), registerUser(b.app)]);
    const calls = Array.from({ length: 10 }, () => [
      me(a, ofA.session.access_token),
      me(b, ofB.session.access_token),
      me(a, ofB.session.access_token),
      me(b, ofA.session.access_token),
    ]).flat();
    const statuses = (await Promise.all(calls)).map((res) => res.statusCode);

    expect(statuses).toEqual(Array.from({ length: 10 }, () => [200, 200, 401, 401]).flat());
    expect((await me(a, ofA.session.access_token)).json()).toMatchObject({ id: ofA.userId });
    expect((await verifyToken(b.app, ofA.session.access_token)).statusCode).toBe(401);
  });

  it('keeps admitting on the first application once the second has closed', async () => {
    const c = await startTestApp();
    const ofC = await registerUser(c.app);
    expect((await me(c, ofC.session.access_token)).statusCode).toBe(200);
    await c.close();

    const ofA = await registerUser(a.app);
    expect((await me(a, ofA.session.access_token)).statusCode).toBe(200);
  });
});
