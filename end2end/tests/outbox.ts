import fs from 'node:fs';
import path from 'node:path';
import { expect } from './fixtures';

/*
 * The e-mails a portal wrote as `.eml` files to `<data dir>/outbox/` (the embedded default when no
 * SMTP server is configured): what a person would have received.
 */

/** The text of an e-mail: base64 and quoted-printable parts decoded, headers kept. */
export function readableEmail(raw: string): string {
  const out: string[] = [];
  let encoding: 'base64' | 'quoted-printable' | null = null;
  let base64 = '';
  for (const line of raw.split(/\r?\n/)) {
    const header = line.match(/^Content-Transfer-Encoding:\s*(\S+)/i);
    if (header) {
      const name = header[1].toLowerCase();
      encoding = name === 'base64' || name === 'quoted-printable' ? name : null;
      base64 = '';
      continue;
    }
    if (line.startsWith('--')) {
      if (encoding === 'base64') out.push(Buffer.from(base64, 'base64').toString('utf8'));
      encoding = null;
      out.push(line);
      continue;
    }
    if (encoding === 'base64') base64 += line.trim();
    else if (encoding === 'quoted-printable') out.push(decodeQuotedPrintableLine(line));
    else out.push(line + '\n');
  }
  return out.join('');
}

function decodeQuotedPrintableLine(line: string): string {
  const soft = line.endsWith('=');
  const body = soft ? line.slice(0, -1) : line;
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const hex = body.slice(i + 1, i + 3);
    if (body[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(body[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8') + (soft ? '' : '\n');
}

/** Waits for the portal's delivery worker to write an e-mail to `to` whose text matches `pattern`. */
export async function emailTo(dataDir: string, to: string, pattern: RegExp): Promise<string> {
  const outbox = path.join(dataDir, 'outbox');
  let found = '';
  await expect
    .poll(
      () => {
        if (!fs.existsSync(outbox)) return '';
        for (const name of fs.readdirSync(outbox).filter((file) => file.endsWith('.eml'))) {
          const text = readableEmail(fs.readFileSync(path.join(outbox, name), 'utf8'));
          if (text.includes(`To: `) && text.match(new RegExp(`^To:.*${to.replace(/[.+]/g, '\\$&')}`, 'm')) && pattern.test(text)) {
            found = text;
          }
        }
        return found !== '';
      },
      { message: `an e-mail to ${to} matching ${pattern}`, timeout: 30_000, intervals: [250] },
    )
    .toBe(true);
  return found;
}

/** The first link into the portal at `pathPrefix` in an e-mail's text. */
export function linkIn(email: string, pathPrefix: string): string {
  const escaped = pathPrefix.replace(/[.?/]/g, '\\$&');
  const link = email.match(new RegExp(`https?://[^\\s"<>]+${escaped}[^\\s"<>]*`))?.[0];
  expect(link, email).toBeTruthy();
  return link!.replace(/&amp;/g, '&');
}
