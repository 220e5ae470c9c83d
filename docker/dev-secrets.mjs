// Writes, once, the secrets that docker-compose.yml hands to the service, which runs there
// with NODE_ENV=production and so refuses to generate its own: an RS256 signing key
// (JWT_PRIVATE_KEY_FILE) and a 32-byte MFA_ENCRYPTION_KEY. For the local stack only: a real
// deployment brings these from its secret store, and keeps them across releases.
//
// Usage: node dev-secrets.mjs <directory> <uid>:<gid of the service user>
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const [directory = '/run/dev-secrets', owner = '1000:1000'] = process.argv.slice(2);
const [uid, gid] = owner.split(':').map(Number);

const secrets = {
  'jwt-private-key.pem': () =>
    generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    }).privateKey,
  'mfa-encryption-key': () => randomBytes(32).toString('base64'),
};

mkdirSync(directory, { recursive: true });
for (const [name, generate] of Object.entries(secrets)) {
  const path = join(directory, name);
  if (existsSync(path)) {
    process.stdout.write(`${name}: kept\n`);
    continue;
  }
  writeFileSync(path, generate(), { mode: 0o600, flag: 'wx' });
  chownSync(path, uid, gid);
  process.stdout.write(`${name}: generated\n`);
}
