import { test as base } from '@playwright/test';

/** The tests' entry point: baseURL is the academy that global setup started. */
export const test = base.extend({
  baseURL: async ({}, use) => {
    const url = process.env.ACADEMY_E2E_URL;
    if (!url) {
      throw new Error('ACADEMY_E2E_URL is not set: run the suite with `npm test`, whose global setup starts the academy');
    }
    await use(url);
  },
});

export { expect } from '@playwright/test';
