import type { FullConfig } from '@playwright/test';
import { startAcademy } from './support/academy';

/** Starts one real academy for the whole run; the returned function stops it. */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const academy = await startAcademy();
  // Workers start after global setup and inherit this.
  process.env.ACADEMY_E2E_URL = academy.url;
  process.env.ACADEMY_E2E_ADMIN_EMAIL = academy.admin.email;
  process.env.ACADEMY_E2E_ADMIN_PASSWORD = academy.admin.password;
  process.env.ACADEMY_E2E_LOG_FILE = academy.logFile;
  console.log(`academy under test: ${academy.url} (data in ${academy.dataDir})`);
  return academy.stop;
}
