// Stands in for an SMS gateway in docker-compose.yml: it receives what the service's `webhook`
// SMS provider posts ({"to", "body"}) and prints it, so that one-time codes sent by SMS can be
// read with `docker compose logs sms-sink`. Nothing is sent anywhere.
//
// Usage: node sms-sink.mjs [port]
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import process from 'node:process';

const port = Number(process.argv[2] ?? 8080);

const server = createServer((request, response) => {
  if (request.method !== 'POST') {
    response.writeHead(405, { Allow: 'POST' }).end();
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    let message;
    try {
      message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      response.writeHead(400).end();
      return;
    }
    const signed = request.headers['x-signature'] ? ' (signed)' : '';
    process.stdout.write(`SMS to ${message?.to}${signed}: ${message?.body}\n`);
    response.writeHead(204).end();
  });
});

server.listen(port, () => process.stdout.write(`SMS sink listening on port ${port}\n`));
// As PID 1 the process gets no default signal handling: stop promptly on `docker compose stop`.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
