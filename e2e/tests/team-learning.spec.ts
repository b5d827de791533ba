import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { checkA11y } from '../support/a11y';
import { addOwner, administrator, awardCredential, institution, register, signIn, signInAPI, type Account } from '../support/api';
import { expect, test } from '../support/fixtures';
import { screenshot } from '../support/screens';

/** A verified company owned by the account, made through the API: the journey starts once it exists. */
async function verifiedCompany(request: APIRequestContext, owner: Account, name: string): Promise<string> {
  const token = await signInAPI(request, owner.email, owner.password);
  const created = await request.post('/api/v1/orgs', {
    headers: { Authorization: `Bearer ${token}` },
    data: { name, kind: 'company', country: 'DE', website: 'https://example.org' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const admin = administrator();
  const verified = await request.post(`/api/v1/admin/orgs/${id}/verify`, {
    headers: { Authorization: `Bearer ${await signInAPI(request, admin.email, admin.password)}` },
  });
  expect(verified.status(), await verified.text()).toBe(200);
  return id;
}

/** Signs the employee in in a browser of their own, joins the company's team from the Teams page, and shares or not. */
async function join(browser: Browser, baseURL: string | undefined, employee: Account, company: string, share: boolean): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, employee, '/teams');
  await expect(page.getByText(`${company} invites you to its learning team.`)).toBeVisible();
  await checkA11y(page, 'teams page with an invitation');
  await page.getByRole('button', { name: `Join the team of ${company}` }).click();
  await expect(page.getByRole('status')).toContainText(`You joined the team of ${company}.`);
  const team = page.getByRole('article', { name: company });
  await expect(team.getByText(`${company} does not see your progress or credentials`)).toBeVisible();
  await expect(team.getByRole('heading', { name: 'AI for everyone at Muster' })).toBeVisible();
  if (share) {
    await team.getByRole('button', { name: `Share my progress with ${company}` }).click();
    await expect(page.getByRole('status')).toHaveText(`You now share your progress and credentials with ${company}.`);
    await expect(team.getByRole('button', { name: `Stop sharing with ${company}` })).toBeVisible();
  }
  await checkA11y(page, share ? 'teams page, sharing' : 'teams page, not sharing');
  return page;
}

test('a company invites two employees; its AI-literacy record names only the one who shares', async ({ page, browser, request, baseURL }) => {
  const provider = await institution(request, 'ai-skills-academy');
  const literacy = provider.courses.find((c) => c.slug === 'ai-literacy-for-everyone');
  expect(literacy).toBeDefined();
  const teacher = await register(request, 'Tara Teacher');
  await addOwner(request, provider.id, teacher);
  const owner = await register(request, 'Otto Owner');
  const companyName = `Muster Maschinenbau ${Date.now()}`;
  await verifiedCompany(request, owner, companyName);
  const ada = await register(request, 'Ada Sharing');
  const bob = await register(request, 'Bob Private');
  // Both already hold the AI-literacy credential; only what Ada shares may reach her employer.
  const adaCredential = await awardCredential(request, teacher, provider.id, ada, literacy!.id);
  const bobCredential = await awardCredential(request, teacher, provider.id, bob, literacy!.id);

  // The owner finds team learning in the console, invites both and proposes a path.
  await signIn(page, owner, '/console');
  await page.getByRole('link', { name: `Team learning of ${companyName}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Team learning of ${companyName}` })).toBeVisible();
  const invite = page.getByRole('region', { name: 'Invite employees' });
  for (const employee of [ada, bob]) {
    await invite.getByLabel('Email address').fill(employee.email);
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await expect(invite.getByText(`Invitation sent to ${employee.email}.`)).toBeVisible();
  }
  await expect(invite.getByRole('table', { name: 'Pending invitations' }).getByRole('row')).toHaveCount(3);

  const paths = page.getByRole('region', { name: 'Learning paths' });
  await paths.getByLabel('Name of the path').fill('AI for everyone at Muster');
  await paths.getByRole('button', { name: 'Create the path' }).click();
  await expect(paths.getByText('Is required')).toBeVisible();
  await paths.getByLabel('Course (its address name)').fill('ai-literacy-for-everyone');
  await paths.getByLabel('Due date (optional)').fill('2027-03-31');
  await paths.getByRole('button', { name: 'Add a course' }).click();
  await paths.getByRole('group', { name: 'Course 2' }).getByLabel('Course (its address name)').fill('ai-adoption-for-smes');
  await paths.getByRole('button', { name: 'Create the path' }).click();
  await expect(paths.getByRole('heading', { name: 'AI for everyone at Muster' })).toBeVisible();
  await checkA11y(page, 'team console with invitations and a path');
  await screenshot(page, 'team-1-invited');

  // Ada joins and shares; Bob joins and does not.
  const adaPage = await join(browser, baseURL, ada, companyName, true);
  await screenshot(adaPage, 'team-2-sharing');
  const bobPage = await join(browser, baseURL, bob, companyName, false);

  // The record names Ada with her verifiable credential and only counts Bob.
  await page.reload();
  const members = page.getByRole('table', { name: 'Members (2)' });
  await expect(members.getByRole('row', { name: /Ada Sharing/ })).toContainText('Yes');
  await expect(members.getByRole('row', { name: /Bob Private/ })).toContainText('No');
  const record = page.getByRole('region', { name: 'AI-literacy record' });
  await expect(record.getByTestId('literacy-summary')).toHaveText(
    '2 members: 1 completed an AI-literacy course, 0 not yet, 1 do not share their learning.',
  );
  const completed = record.getByRole('table', { name: 'Completed' });
  await expect(completed.getByRole('row')).toHaveCount(2);
  await expect(completed.getByRole('rowheader', { name: 'Ada Sharing' })).toBeVisible();
  await expect(completed.getByRole('link', { name: 'Verify the credential of Ada Sharing' })).toHaveAttribute('href', new RegExp(`/verify/${adaCredential}$`));
  await expect(record).not.toContainText('Bob');
  await expect(page.getByRole('region', { name: 'Progress' })).not.toContainText('Bob');
  await expect(page.getByRole('region', { name: 'Progress' }).getByText('Ada Sharing')).toBeVisible();
  await checkA11y(page, 'team console with the AI-literacy record');
  await screenshot(page, 'team-3-record');

  // The evidence files, dated, say the same.
  const today = new Date().toISOString().slice(0, 10);
  const [csv] = await Promise.all([page.waitForEvent('download'), record.getByRole('button', { name: 'Download the record (CSV)' }).click()]);
  expect(csv.suggestedFilename()).toBe(`ai-literacy-record-${today}.csv`);
  const text = await readFile((await csv.path())!, 'utf8');
  expect(text).toContain(`completed,Ada Sharing,ai-literacy-for-everyone`);
  expect(text).toContain(adaCredential);
  expect(text).toContain('members_not_sharing,1,');
  expect(text).not.toContain('Bob');
  expect(text).not.toContain(bobCredential);
  const [pdf] = await Promise.all([page.waitForEvent('download'), record.getByRole('button', { name: 'Download the record (PDF)' }).click()]);
  expect(pdf.suggestedFilename()).toBe(`ai-literacy-record-${today}.pdf`);
  expect((await readFile((await pdf.path())!)).subarray(0, 5).toString()).toBe('%PDF-');

  // Ada stops sharing: the next look at the record no longer names her.
  await adaPage.getByRole('button', { name: `Stop sharing with ${companyName}` }).click();
  await expect(adaPage.getByRole('status')).toHaveText(`${companyName} no longer sees your progress or credentials.`);
  await page.reload();
  await expect(record.getByTestId('literacy-summary')).toHaveText(
    '2 members: 0 completed an AI-literacy course, 0 not yet, 2 do not share their learning.',
  );
  await expect(record).not.toContainText('Ada');
  await expect(record.getByText('2 members do not share their learning with you: they are counted, not named.')).toBeVisible();
  await adaPage.context().close();
  await bobPage.context().close();
});
