/**
 * Just enough MIME to read what nodemailer sends: headers (folded, RFC 2047 encoded words),
 * single parts and nested multiparts, 7bit/8bit, quoted-printable and base64 bodies.
 * `raw` is the message as a binary (latin1) string, one character per byte.
 */
export interface ParsedMail {
  /** Header names lower-cased; the first occurrence of each, decoded. */
  headers: Record<string, string>;
  from: string;
  to: string;
  subject: string;
  /** Line breaks normalised to `\n`. */
  text: string | undefined;
  html: string | undefined;
}

interface Entity {
  headers: Record<string, string>;
  body: string;
}

export function parseMail(raw: string): ParsedMail {
  const root = splitEntity(raw);
  const bodies: { text?: string; html?: string } = {};
  collectBodies(root, bodies);
  return {
    headers: root.headers,
    from: root.headers.from ?? '',
    to: root.headers.to ?? '',
    subject: root.headers.subject ?? '',
    text: bodies.text,
    html: bodies.html,
  };
}

function splitEntity(raw: string): Entity {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] ??= decodeHeader(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function collectBodies(entity: Entity, found: { text?: string; html?: string }): void {
  const { type, params } = contentType(entity.headers['content-type']);
  if (type.startsWith('multipart/') && params.boundary) {
    for (const part of splitMultipart(entity.body, params.boundary)) collectBodies(splitEntity(part), found);
    return;
  }
  const decoded = decodeBody(entity.body, entity.headers['content-transfer-encoding'], params.charset);
  if (type === 'text/plain') found.text ??= decoded.replace(/\r\n/g, '\n');
  if (type === 'text/html') found.html ??= decoded.replace(/\r\n/g, '\n');
}

function contentType(header = 'text/plain'): { type: string; params: Record<string, string> } {
  const [type = 'text/plain'] = header.split(';');
  const params: Record<string, string> = {};
  for (const [, name, quoted, bare] of header.matchAll(/;\s*([\w-]+)=(?:"([^"]*)"|([^;\s]+))/g)) {
    params[name!.toLowerCase()] = quoted ?? bare ?? '';
  }
  return { type: type.trim().toLowerCase(), params };
}

function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const line of body.split(/\r?\n/)) {
    if (line === `--${boundary}--`) break;
    if (line === `--${boundary}`) {
      if (current) parts.push(current.join('\r\n'));
      current = [];
    } else {
      current?.push(line);
    }
  }
  if (current) parts.push(current.join('\r\n'));
  return parts;
}

function decodeBody(body: string, encoding = '7bit', charset = 'utf-8'): string {
  const bytes =
    encoding.toLowerCase() === 'base64'
      ? Buffer.from(body, 'base64')
      : encoding.toLowerCase() === 'quoted-printable'
        ? quotedPrintable(body.replace(/=\r?\n/g, ''))
        : Buffer.from(body, 'latin1');
  return new TextDecoder(charset).decode(bytes);
}

function quotedPrintable(text: string, underscoreIsSpace = false): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(underscoreIsSpace && text[i] === '_' ? 0x20 : text.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 words (`=?utf-8?Q?...?=`, `=?utf-8?B?...?=`); the space between two of them is not text. */
function decodeHeader(value: string): string {
  const utf8 = Buffer.from(value, 'latin1').toString('utf8');
  return utf8
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([bq])\?([^?]*)\?=/gi, (_word, charset: string, kind: string, data: string) => {
      const bytes = kind.toLowerCase() === 'b' ? Buffer.from(data, 'base64') : quotedPrintable(data, true);
      return new TextDecoder(charset).decode(bytes);
    });
}
