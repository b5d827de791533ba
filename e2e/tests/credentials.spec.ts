import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { checkA11y } from '../support/a11y';
import { addOwner, awardCredential, institution, register, signIn } from '../support/api';
import { expect, test } from '../support/fixtures';
import { screenshot, VIEWPORTS } from '../support/screens';

/** Screenshots the page at both widths, then goes back to the desktop width. */
async function bothWidths(page: Page, name: string): Promise<void> {
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

test('a learner shares a credential that an employer verifies, until the issuer revokes it', async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  const org = await institution(request, 'datenwerk-weiterbildung');
  const course = org.courses.find((c) => c.credential);
  expect(course, 'a seed course of Datenwerk awards a credential').toBeDefined();
  const staff = await register(request, 'Stefan Staff');
  await addOwner(request, org.id, staff);
  const learner = await register(request, 'Lena Learner');
  const credentialID = await awardCredential(request, staff, org.id, learner, course!.id);

  // The wallet.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await signIn(page, learner, '/');
  await checkA11y(page, 'home, signed in');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Credentials' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My credentials' })).toBeVisible();
  const card = page.getByRole('article', { name: course!.title });
  await expect(card.getByText('EU micro-credential')).toBeVisible();
  await expect(card.getByRole('link', { name: org.name })).toBeVisible();
  await expect(card.getByText('Valid', { exact: true })).toBeVisible();
  await expect(card.getByRole('link', { name: /Add to LinkedIn profile/ })).toHaveAttribute(
    'href',
    /^https:\/\/www\.linkedin\.com\/profile\/add\?/,
  );
  await checkA11y(page, 'credentials wallet');
  await bothWidths(page, 'credentials-1-wallet');

  const download = page.waitForEvent('download');
  await card.getByRole('link', { name: 'Certificate (PDF)' }).click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toBe(`certificate-${credentialID}-en.pdf`);
  expect(
    readFileSync(await pdf.path())
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-');

  const shareLink = `${baseURL}/verify/${credentialID}`;
  await expect(card.getByLabel('Link anyone can use to check this credential')).toHaveValue(shareLink);
  await card.getByRole('button', { name: 'Copy link' }).click();
  await expect(card.getByRole('status')).toHaveText('Link copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shareLink);

  // An employer opens the link without an account.
  const employer = await browser.newContext({ baseURL });
  const employerPage = await employer.newPage();
  await employerPage.goto(shareLink);
  await expect(employerPage.getByRole('heading', { level: 2, name: /Valid credential/ })).toBeVisible();
  const details = employerPage.getByRole('region', { name: 'What the credential says' });
  await expect(details.getByText(course!.title)).toBeVisible();
  await expect(details.getByText('91 %')).toBeVisible();
  const checks = employerPage.getByRole('region', { name: 'What was checked' }).getByRole('listitem');
  await expect(checks).toHaveCount(8);
  await expect(checks.filter({ hasText: 'Failed:' })).toHaveCount(0);
  await expect(employerPage.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await checkA11y(employerPage, 'verification: valid');
  await bothWidths(employerPage, 'credentials-2-verification-valid');

  // The issuer revokes it from the console, by the link the learner shared.
  const reason = 'The final assessment was not the learner’s own work';
  const staffContext = await browser.newContext({ baseURL });
  const staffPage = await staffContext.newPage();
  await signIn(staffPage, staff, '/console');
  await checkA11y(staffPage, 'console home');
  await staffPage.getByRole('link', { name: 'Revoke a credential' }).click();
  await staffPage.getByLabel('Credential identifier or link').fill(shareLink);
  await staffPage.getByLabel('Reason').fill(reason);
  await checkA11y(staffPage, 'revoke a credential');
  await staffPage.getByRole('button', { name: 'Revoke for good' }).click();
  await expect(staffPage.getByRole('status').filter({ hasText: 'The credential is revoked.' })).toBeFocused();
  await staffContext.close();

  await employerPage.reload();
  const verdict = employerPage.getByRole('region', { name: /Revoked credential/ });
  await expect(verdict).toContainText('The issuer has revoked this credential: it is no longer valid.');
  await expect(verdict).toContainText(reason);
  await expect(checks.filter({ hasText: 'Failed: Revocation (status list)' })).toHaveCount(1);
  await checkA11y(employerPage, 'verification: revoked');
  await bothWidths(employerPage, 'credentials-3-verification-revoked');
  await employer.close();

  await page.reload();
  await expect(card.getByText('Revoked', { exact: true })).toBeVisible();
  await expect(card.getByRole('button', { name: 'Copy link' })).toHaveCount(0);
  await checkA11y(page, 'wallet with a revoked credential');
});
