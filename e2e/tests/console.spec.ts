import type { Page } from '@playwright/test';
import { checkA11y } from '../support/a11y';
import { addOwner, administrator, institution, register, signIn, signInAPI } from '../support/api';
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

/** Waits until saving or publishing is over: the buttons are enabled again. */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: 'Publish' })).toBeEnabled();
}

test('a staff member writes a course in the console and publishes it, and a visitor finds it in search', async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  const org = await institution(request, 'formation-horizon-ia');
  const staff = await register(request, 'Sam Staff');
  await addOwner(request, org.id, staff);
  const title = `Prompting for small businesses ${Date.now().toString(36)}`;

  await signIn(page, staff, '/');
  await checkA11y(page, 'home, signed in');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Console' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Console' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: org.name })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Courses' }).getByRole('link', { name: org.courses[0]!.title, exact: true })).toBeVisible();
  await checkA11y(page, 'console home');
  await bothWidths(page, 'console-1-home');

  // The details: a draft first, whose address follows the title.
  await page.getByRole('link', { name: 'New course' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New course' })).toBeVisible();
  await page.getByLabel('Title', { exact: true }).fill(title);
  const slug = await page.getByLabel('Address (slug)').inputValue();
  expect(slug).toMatch(/^prompting-for-small-businesses-[a-z0-9]+$/);
  await page.getByLabel('Summary', { exact: true }).fill('Write clear requests to AI assistants and check what they answer.');
  await page.getByLabel('Level', { exact: true }).selectOption({ label: 'Beginner' });
  await page.getByLabel('EQF level').selectOption({ label: 'EQF 4' });
  await page.getByLabel('Workload in hours').fill('6');
  await page.getByLabel('Learning outcomes').fill('Write a clear prompt for a business task\nCheck an AI answer against sources');
  await page.getByLabel('Find a skill').fill('machine learn');
  await page.getByRole('button', { name: 'Add skill machine learning', exact: true }).click();
  await expect(
    page.getByRole('group', { name: 'Skills taught' }).getByRole('combobox', { name: 'Proficiency reached in machine learning' }),
  ).toHaveValue('basic');
  await page.getByRole('checkbox', { name: 'Completing this course earns a verifiable credential' }).check();
  await checkA11y(page, 'new course form');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(new RegExp(`/console/courses/${slug}$`));
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();

  // Publishing an empty course sends the author to its content.
  await page.getByRole('button', { name: 'Publish' }).click();
  const contentProblem = page.getByRole('alert').filter({ hasText: "The course's content has 1 problem to fix" });
  await expect(contentProblem).toBeFocused();
  await contentProblem.getByRole('link', { name: 'Go to the content' }).click();

  await page.getByRole('button', { name: 'Add a module' }).click();
  await page.getByLabel('Module title').fill('Getting started');
  await page.getByRole('button', { name: 'Add a lesson (Module 1: Getting started)' }).click();
  await page.getByLabel('Lesson title').fill('What a prompt is');
  await page.getByRole('textbox', { name: 'Lesson text' }).fill('# Prompts\n\nA **prompt** is the request you give an AI assistant.');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('region', { name: 'Preview of Lesson text' }).getByRole('heading', { name: 'Prompts' })).toBeVisible();
  await page.getByRole('button', { name: 'Add a quiz (Module 1: Getting started)' }).click();
  await page.getByLabel('Quiz title').fill('Check your understanding');
  await page.getByLabel('Type of the new question').selectOption({ label: 'Single choice' });
  await page.getByRole('button', { name: 'Add a question' }).click();
  await page.getByLabel('Question 1', { exact: true }).fill('What is a prompt?');
  await page.getByLabel('Option 1', { exact: true }).fill('The request you give an AI assistant');
  await page.getByLabel('Option 2', { exact: true }).fill('A kind of graphics card');
  await expect(page.getByRole('radio', { name: 'Correct (Option 1)' })).toBeChecked();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
  await checkA11y(page, 'course content editor');
  await bothWidths(page, 'console-2-content');

  // The course awards a credential: publishing names the EU micro-credential elements still missing.
  await page.getByRole('button', { name: 'Publish' }).click();
  const detailsProblem = page.getByRole('alert').filter({ hasText: "The course's details need attention" });
  await expect(detailsProblem).toContainText('Type of assessment, Form of participation, Type of quality assurance');
  await detailsProblem.getByRole('link', { name: 'Go to the details' }).click();
  await page.getByRole('button', { name: 'Publish' }).click();
  await settled(page);
  const summary = page.getByRole('alert').filter({ hasText: 'Please correct the following' });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText([
    'Type of assessment: A micro-credential needs the type of assessment',
    'Form of participation: A micro-credential needs the form of participation',
    'Type of quality assurance: A micro-credential needs the type of quality assurance',
  ]);
  const assessmentType = page.getByLabel('Type of assessment');
  await expect(assessmentType).toHaveAttribute('aria-invalid', 'true');
  await expect(assessmentType).toHaveAccessibleDescription(/A micro-credential needs the type of assessment/);
  await checkA11y(page, 'course details with publishing errors');
  await bothWidths(page, 'console-3-errors');

  await summary.getByRole('link', { name: /^Type of assessment/ }).click();
  await expect(assessmentType).toBeFocused();
  await page.keyboard.type('Online quiz graded automatically');
  await page.getByLabel('Form of participation').selectOption({ label: 'Online' });
  await page.getByLabel('Type of quality assurance').fill('Internal review by the training board');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Published: learners now see version 1.' })).toBeVisible();
  await expect(page.getByText('Published', { exact: true })).toBeVisible();
  await checkA11y(page, 'course published');

  // A visitor who is not signed in finds it once search has indexed it.
  const visitor = await browser.newContext({ baseURL });
  const visitorPage = await visitor.newPage();
  const hit = visitorPage.getByRole('region', { name: 'Results' }).getByRole('link', { name: title });
  await expect(async () => {
    await visitorPage.goto(`/search?q=${encodeURIComponent(title)}`);
    await expect(hit).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await checkA11y(visitorPage, 'search finds the new course');
  await hit.click();
  await expect(visitorPage.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(visitorPage.getByRole('heading', { level: 3, name: 'Module 1: Getting started' })).toBeVisible();
  await checkA11y(visitorPage, 'the new course page');
  await visitor.close();
});

test('a new university creates its organisation, submits evidence, and once verified publishes under its own profile', async ({
  page,
  request,
}) => {
  const rector = await register(request, 'Rita Rector');
  const name = `Université Lumière Sud ${Date.now().toString(36)}`;

  await signIn(page, rector, '/console');
  await expect(page.getByText(/You belong to no organisation yet/)).toBeVisible();
  await page.getByRole('link', { name: 'Create an organisation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create an organisation' })).toBeVisible();
  await page.getByLabel('Kind of organisation').selectOption({ label: 'University' });
  await page.getByLabel('Legal name').fill(name);
  await page.getByLabel('Country').fill('FR');
  await page.getByLabel('Logo address').fill('https://lumiere-sud.example.org/logo.png');
  await checkA11y(page, 'create an organisation');
  await page.getByRole('button', { name: 'Create the organisation' }).click();

  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  await expect(page.getByText('Waiting for verification')).toBeVisible();
  await page.getByLabel('VAT or registration number').fill('FR 193 808 2125');
  await page.getByLabel('Official email domain').fill('lumiere-sud.example.org');
  await page.getByRole('button', { name: 'Submit for verification' }).click();
  await expect(page.getByText('Evidence saved. An administrator will check it.')).toBeVisible();
  await checkA11y(page, 'console, organisation pending');

  const admin = administrator();
  const adminToken = await signInAPI(request, admin.email, admin.password);
  const queue = await request.get('/api/v1/admin/orgs?verified=false', { headers: { Authorization: `Bearer ${adminToken}` } });
  const pending = ((await queue.json()) as { items: { id: string; name: string; evidence?: { email_domain: string } }[] }).items;
  const org = pending.find((o) => o.name === name);
  expect(org?.evidence?.email_domain).toBe('lumiere-sud.example.org');
  const verified = await request.post(`/api/v1/admin/orgs/${org!.id}/verify`, { headers: { Authorization: `Bearer ${adminToken}` } });
  expect(verified.status()).toBe(200);

  // The institution profile follows the verification through the event queue.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('No courses yet.')).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByText(/invalid fields/)).toHaveCount(0);
  await page.getByRole('link', { name: `Edit the profile of ${name}` }).click();
  await page.getByLabel('City').fill('Lyon');
  await page.getByRole('button', { name: 'Save the profile' }).click();
  await expect(page.getByText('Profile saved.')).toBeVisible();
  await checkA11y(page, 'institution profile');
});
