import { checkA11y } from '../support/a11y';
import { addOwner, institution, register, signIn } from '../support/api';
import { expect, test } from '../support/fixtures';
import { mailedLink } from '../support/mail';
import { screenshot } from '../support/screens';

test('a new member confirms their address, accepts an owner’s invitation and leaves the organisation', async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  const org = await institution(request, 'formation-horizon-ia');
  const owner = await register(request, 'Olga Owner');
  await addOwner(request, org.id, owner);
  const email = `invitee-${Date.now()}@example.org`;
  const name = 'Ines Invitee';

  // Sign up: the dashboard opens at once; the account reminds to confirm the address.
  await page.goto('/signup');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto('/account');
  const reminder = page.getByRole('region', { name: 'Email confirmation' });
  await expect(reminder).toContainText(`we sent a link to ${email}`);
  await expect(page.getByText('Confirm your email address to see the invitations sent to it.')).toBeVisible();
  await checkA11y(page, 'account page before confirming the address');

  // The link of the mail lands on the confirmation page, which a reload keeps.
  await page.goto(await mailedLink(email, '/verify-email'));
  await expect(page.getByRole('status')).toHaveText('Your email address is confirmed. Thank you!');
  await expect(reminder).toHaveCount(0);
  await checkA11y(page, 'email confirmed');
  await screenshot(page, 'membership-1-confirmed');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Confirm your email address' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('This link is invalid, used or expired.');

  // The owner invites the address from the console.
  const ownerContext = await browser.newContext({ baseURL });
  const ownerPage = await ownerContext.newPage();
  await signIn(ownerPage, owner, '/console');
  const section = ownerPage.getByRole('region', { name: org.name });
  await section.getByLabel('Email address').fill(email);
  await section.getByLabel('Role').selectOption('staff');
  await section.getByRole('button', { name: 'Send invitation' }).click();
  await expect(section.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  await expect(section.getByRole('table', { name: 'Pending invitations' }).getByRole('rowheader', { name: email })).toBeVisible();
  await checkA11y(ownerPage, 'console with a pending invitation');
  await screenshot(ownerPage, 'membership-2-invited');

  // The invitee accepts on their account page, then leaves.
  await page.goto('/account');
  await expect(page.getByText(`${org.name} invites you to join as staff.`)).toBeVisible();
  await checkA11y(page, 'account page with an invitation');
  await page.getByRole('button', { name: `Accept the invitation of ${org.name}` }).click();
  await expect(page.getByRole('status')).toHaveText(`You joined ${org.name}.`);
  const leave = page.getByRole('button', { name: `Leave ${org.name}` });
  await expect(leave).toBeVisible();
  await screenshot(page, 'membership-3-joined');
  page.once('dialog', (dialog) => void dialog.accept());
  await leave.click();
  await expect(page.getByRole('status')).toHaveText(`You left ${org.name}.`);
  await expect(leave).toHaveCount(0);

  // The owner's list no longer holds the answered invitation.
  await ownerPage.reload();
  await expect(ownerPage.getByRole('region', { name: org.name }).getByText('No pending invitations.')).toBeVisible();
  await ownerContext.close();
});
