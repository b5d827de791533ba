import type { FullConfig } from '@playwright/test';
import { startAcademy } from './support/academy';

/** Starts one real academy for the whole run; the returned function stops it. */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const academy = await startAcademy();
  // Workers start after global setup and inherit this.
  process.env.ACADEMY_E2E_URL = academy.url;
  console.log(`academy under test: ${academy.url} (data in ${academy.dataDir})`);
  return academy.stop;
}
