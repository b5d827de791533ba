import type { APIRequestContext } from '@playwright/test';
import { checkA11y } from '../support/a11y';
import { administrator, register, signIn, signInAPI } from '../support/api';
import { expect, test } from '../support/fixtures';

const count = (n: number) => new Intl.NumberFormat('en-GB').format(n);

/** The platform dashboard's current week and its learners and enrolments, read through the API. */
async function platformStats(request: APIRequestContext, token: string) {
  const response = await request.get('/api/v1/admin/platform-stats', { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status(), await response.text()).toBe(200);
  const stats = (await response.json()) as { weeks: { id: string }[]; metrics: { metric: string; values: number[]; total: number }[] };
  const metric = (name: string) => {
    const m = stats.metrics.find((x) => x.metric === name)!;
    return { thisWeek: m.values[m.values.length - 1]!, total: m.total };
  };
  return { week: stats.weeks[stats.weeks.length - 1]!.id, learners: metric('learners'), enrolments: metric('enrolments') };
}

test('an administrator verifies a new organisation from the queue and suspends a user, and the audit log shows both', async ({
  page,
  browser,
  request,
}) => {
  // The platform dashboard's figures before this journey adds to them.
  const admin = administrator();
  const adminToken = await signInAPI(request, admin.email, admin.password);
  const before = await platformStats(request, adminToken);

  const owner = await register(request, 'Olga Owner');
  const learner = await register(request, 'Luca Learner');
  const learnerToken = await signInAPI(request, learner.email, learner.password);
  const enrolled = await request.post('/api/v1/courses/machine-learning-foundations/enrolment', { headers: { Authorization: `Bearer ${learnerToken}` } });
  expect(enrolled.status(), await enrolled.text()).toBe(201);
  const ownerToken = await signInAPI(request, owner.email, owner.password);
  const name = `Institut Nord IA ${Date.now().toString(36)}`;
  const created = await request.post('/api/v1/orgs', {
    headers: { Authorization: `Bearer ${ownerToken}` },
    data: { name, kind: 'provider', country: 'BE' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const org = (await created.json()) as { id: string };
  const evidence = await request.put(`/api/v1/orgs/${org.id}/evidence`, {
    headers: { Authorization: `Bearer ${ownerToken}` },
    data: { registration_number: 'BE 0417.497.106', email_domain: 'nord-ia.example.org' },
  });
  expect(evidence.status(), await evidence.text()).toBe(200);

  // Someone who is not an administrator is told the console is not theirs.
  const learnerContext = await browser.newContext();
  const learnerPage = await learnerContext.newPage();
  await signIn(learnerPage, learner, '/learning');
  await learnerPage.goto('/admin');
  await expect(learnerPage.getByRole('alert')).toContainText('administrators only');
  await checkA11y(learnerPage, 'admin console, not an administrator');
  await learnerContext.close();

  await signIn(page, { id: '', email: admin.email, password: admin.password, name: 'E2E Administrator' }, '/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
  // Oldest first: other runs' organisations may come before this one.
  const queued = page.getByRole('article', { name });
  const more = page.getByRole('button', { name: 'Show more' });
  await expect(async () => {
    if (await more.isVisible()) {
      await more.click();
    }
    await expect(queued).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(queued.getByText('BE 0417.497.106')).toBeVisible();
  await expect(queued.getByText(owner.email)).toBeVisible();
  await checkA11y(page, 'admin, verification queue');
  await queued.getByRole('button', { name: `Verify ${name}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `${name} is verified.` })).toBeVisible();
  await expect(page.getByRole('article', { name })).toHaveCount(0);

  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByLabel('Email or name starts with').fill(learner.email);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('rowheader', { name: learner.name })).toBeVisible();
  await checkA11y(page, 'admin, users');
  await page.getByRole('button', { name: `Suspend ${learner.email}` }).click();
  await page.getByLabel('Reason').fill('Posted other people’s answers in the forum.');
  await checkA11y(page, 'admin, suspending a user');
  await page.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `${learner.email} is suspended` })).toBeVisible();

  await page.getByRole('link', { name: 'Audit log' }).click();
  const audit = page.getByRole('table', { name: 'Audit log' });
  await expect(audit.getByRole('row').filter({ hasText: 'Organisation verified' }).filter({ hasText: name })).toBeVisible();
  await expect(
    audit.getByRole('row').filter({ hasText: 'User suspended' }).filter({ hasText: learner.email }).filter({ hasText: 'Posted other people’s answers' }),
  ).toBeVisible();
  await checkA11y(page, 'admin, audit log');

  // The platform dashboard counts the two accounts and the enrolment of this journey, in its cards and its table, and survives a reload.
  await page.getByRole('link', { name: 'Platform dashboard' }).click();
  await expect(page).toHaveURL(/\/admin\/platform$/);
  const shows = async () => {
    await expect(page.getByRole('heading', { level: 2, name: 'Platform dashboard' })).toBeVisible();
    const learners = page.getByRole('article', { name: 'Learners', exact: true });
    await expect(learners.locator('.platform-total')).toHaveText(`Now: ${count(before.learners.total + 2)}`);
    await expect(learners.getByRole('img', { name: /^Learners per week/ })).toBeVisible();
    const enrolments = page.getByRole('article', { name: 'Enrolments' });
    await expect(enrolments.locator('.platform-total')).toHaveText(`Now: ${count(before.enrolments.total + 1)}`);
    const table = page.getByRole('table', { name: 'Weekly figures' });
    const thisWeek = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${before.week} `) }) });
    const cells = thisWeek.getByRole('cell');
    await expect(cells.nth(0)).toHaveText(count(before.learners.thisWeek + 2));
    await expect(cells.nth(2)).toHaveText(count(before.enrolments.thisWeek + 1));
  };
  await shows();
  await checkA11y(page, 'admin, platform dashboard');
  await page.reload();
  await shows();

  // The owner sees the organisation verified.
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signIn(ownerPage, owner, '/account');
  await ownerPage.goto('/console');
  await expect(ownerPage.getByRole('heading', { level: 2, name })).toBeVisible();
  await expect(ownerPage.getByText('Waiting for verification')).toHaveCount(0);
  await ownerContext.close();

  // The suspended learner cannot sign in, and is told why.
  const suspendedContext = await browser.newContext();
  const suspendedPage = await suspendedContext.newPage();
  await suspendedPage.goto('/signin');
  await suspendedPage.getByLabel('Email address').fill(learner.email);
  await suspendedPage.getByLabel('Password').fill(learner.password);
  await suspendedPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(suspendedPage.getByRole('alert')).toContainText('suspended');
  await checkA11y(suspendedPage, 'sign in refused, account suspended');
  await suspendedContext.close();
});
