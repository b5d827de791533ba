import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';

// The academy under test writes each mail to its log (ACADEMY_DEV_MAIL_LOG) once the
// worker delivers it; journeys read the links they would follow in their inbox there.

function logFile(): string {
  const file = process.env.ACADEMY_E2E_LOG_FILE;
  if (!file) {
    throw new Error('ACADEMY_E2E_LOG_FILE is not set: run the suite with `npm test`');
  }
  return file;
}

/** The path and query of the newest link to path in a mail to email, waiting for its delivery. */
export async function mailedLink(email: string, path: string): Promise<string> {
  const pattern = new RegExp(`https?://[^\\s"\\\\]+(${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\?token=[A-Za-z0-9_-]+)`);
  let link = '';
  await expect
    .poll(
      () => {
        const lines = readFileSync(logFile(), 'utf8')
          .split('\n')
          .filter((line) => line.includes('development mode: not sent') && line.includes(`to=${email}`));
        const found = lines.map((line) => pattern.exec(line)?.[1]).filter((l): l is string => Boolean(l));
        link = found.at(-1) ?? '';
        return link;
      },
      { message: `a mail to ${email} with a link to ${path}`, timeout: 30_000 },
    )
    .not.toBe('');
  return link;
}

/** The token of the newest link to path mailed to email. */
export async function mailedToken(email: string, path: string): Promise<string> {
  return new URL(await mailedLink(email, path), 'http://academy.test').searchParams.get('token') ?? '';
}
