import { createServer, type Server } from 'node:http';

/**
 * The browser side of passkeys as a web app writes it: the JSON helpers of WebAuthn Level 3
 * (`parseCreationOptionsFromJSON`, `parseRequestOptionsFromJSON`, `toJSON`) between
 * `navigator.credentials` and the API.
 */
const SCRIPT = `
async function call(api, path, { token, body } = {}) {
  const res = await fetch(api + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: 'Bearer ' + token } : {}) },
    body: JSON.stringify(body ?? {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(path + ': ' + res.status + ' ' + text);
  return text ? JSON.parse(text) : null;
}

window.addPasskey = async (api, token) => {
  const { challenge_id, options } = await call(api, '/v1/passkeys/register/options', { token });
  const credential = await navigator.credentials.create({
    publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options),
  });
  return call(api, '/v1/passkeys/register', { token, body: { challenge_id, credential: credential.toJSON() } });
};

window.signInWithPasskey = async (api) => {
  const { challenge_id, options } = await call(api, '/v1/passkeys/login/options');
  const credential = await navigator.credentials.get({
    publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options),
  });
  return call(api, '/v1/passkeys/login', { body: { challenge_id, credential: credential.toJSON() } });
};

window.call = call;
`;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Passkeys</title>
<script>${SCRIPT}</script></head><body>Passkeys</body></html>`;

/** Serves the page on a local port; browsers reach it as http://localhost:<port>. */
export async function servePasskeyPage(): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((_, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
