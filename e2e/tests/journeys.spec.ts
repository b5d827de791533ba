import { checkA11y } from '../support/a11y';
import { expect, test } from '../support/fixtures';
import { screenshot } from '../support/screens';

test('a visitor finds a course despite a typo and reads its syllabus', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: /Build the AI and digital skills/ })).toBeVisible();
  await checkA11y(page, 'home');

  await page.getByRole('searchbox', { name: 'Search courses and programmes' }).fill('machne lerning');
  await page.getByRole('button', { name: 'Search' }).click();

  await expect(page).toHaveURL(/\/search\?q=machne(\+|%20)lerning/);
  const results = page.getByRole('region', { name: 'Results' });
  const hit = results.getByRole('link', { name: 'Machine Learning Foundations' });
  await expect(hit).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(/\d+ results?/);
  await page.waitForLoadState('networkidle');
  await checkA11y(page, 'search results for a typo');
  await screenshot(page, 'journey-typo-1-results');

  await hit.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Machine Learning Foundations' })).toBeVisible();
  await expect(page).toHaveTitle('Machine Learning Foundations · Academy');
  const syllabus = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Syllabus' }) });
  await expect(syllabus.getByRole('heading', { level: 3 })).toHaveText([
    'Module 1: The learning problem',
    'Module 2: Core algorithms',
    'Module 3: Evaluating models',
  ]);
  await expect(syllabus.getByText('What machine learning is', { exact: true })).toBeVisible();
  await expect(syllabus.getByText('6 questions · pass mark 70 % · 3 attempts · 15 minute limit', { exact: false })).toBeVisible();
  await expect(page.getByRole('link', { name: /^machine learning/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'AI Skills Academy (sample)' })).toHaveAttribute('href', '/institutions/ai-skills-academy');
  await page.waitForLoadState('networkidle');
  await checkA11y(page, 'course page');
  await screenshot(page, 'journey-typo-2-course');
});

test('a visitor browses master programmes in one country and compares EU and non-EU deadlines', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Browse programmes' }).click();
  await expect(page).toHaveURL(/\/search\?type=programme/);
  await expect(page.getByRole('radio', { name: /^Programmes/ })).toBeChecked();

  // Filters live in the URL, which updates in a transition: click, then wait for the box to show it.
  const master = page.getByRole('group', { name: 'Degree' }).getByRole('checkbox', { name: /^Master/ });
  await master.click();
  await expect(master).toBeChecked();
  await expect(page).toHaveURL(/cycle=master/);
  const countries = page.getByRole('group', { name: 'Country' });
  const germany = countries.getByRole('checkbox', { name: /^Germany/ });
  if (!(await germany.isVisible())) {
    await countries.getByRole('button', { name: /Show all/ }).click();
  }
  await germany.click();
  await expect(germany).toBeChecked();
  await expect(page).toHaveURL(/country=DE/);

  const results = page.getByRole('region', { name: 'Results' });
  await expect(page.getByRole('status')).toHaveText('2 results');
  const cards = results.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) });
  await expect(cards).toHaveCount(2);
  for (const card of await cards.all()) {
    await expect(card).toContainText('Master');
    await expect(card).toContainText('Germany');
  }
  await page.waitForLoadState('networkidle');
  await checkA11y(page, 'programmes filtered by cycle and country');
  await screenshot(page, 'journey-programmes-1-filtered');

  await results.getByRole('link', { name: 'MSc Applied Machine Learning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'MSc Applied Machine Learning' })).toBeVisible();
  const intakes = page.getByRole('table', { name: /application deadlines for EU and non-EU applicants/ });
  await expect(intakes.getByRole('columnheader')).toHaveText(['Start', 'Deadline for EU applicants', 'Deadline for non-EU applicants']);
  const row = intakes.getByRole('row').nth(1);
  await expect(row.getByRole('cell')).toHaveText(['July 15, 2027', 'May 15, 2027']);
  await expect(page.getByRole('link', { name: 'Visit the programme website' })).toHaveAttribute('href', /^https:\/\//);
  await page.waitForLoadState('networkidle');
  await checkA11y(page, 'programme page');
  await screenshot(page, 'journey-programmes-2-programme');
});

test('a visitor signs up, switches the interface to French and signs out', async ({ page }) => {
  const email = `learner-${Date.now()}@example.org`;
  const name = 'Camille Exemple';

  await page.goto('/');
  await page.getByRole('link', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create your account' })).toBeVisible();
  await checkA11y(page, 'sign-up page');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1, name: `Welcome back, ${name}` })).toBeVisible();
  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1, name: 'Your account', exact: true })).toBeVisible();
  await expect(page.getByText(email, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: `Account menu for ${name}` })).toBeVisible();
  await checkA11y(page, 'account page');
  await screenshot(page, 'journey-french-1-account');

  await page.getByLabel('Preferred language').selectOption('fr');
  await page.getByRole('button', { name: 'Save changes' }).click();

  // From here on everything the person sees is French.
  await expect(page.getByRole('heading', { level: 1, name: 'Votre compte' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Vos modifications ont été enregistrées.');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link')).toHaveText(['Explorer', 'Compétitions', 'Mes formations', 'Attestations']);
  await checkA11y(page, 'account page in French');
  await screenshot(page, 'journey-french-2-account-fr');

  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Explorer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Explorer les cours et les programmes' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Langue' }).getByRole('checkbox', { name: /^anglais/ })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await checkA11y(page, 'search page in French');
  await screenshot(page, 'journey-french-3-search-fr');

  // Competitions come first when nothing is typed: show the courses only.
  const coursesOnly = page.getByRole('group', { name: 'Afficher' }).getByRole('radio', { name: /^Cours/ });
  await coursesOnly.click();
  await expect(coursesOnly).toBeChecked();
  await page.getByRole('link', { name: 'Machine Learning Foundations' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Programme du cours' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Module 1 : The learning problem' })).toBeVisible();
  await expect(page.getByText('30 heures')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await checkA11y(page, 'course page in French');
  await screenshot(page, 'journey-french-4-course-fr');

  await page.getByRole('button', { name: `Menu du compte de ${name}` }).click();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Développez les compétences en IA et en numérique dont l’Europe a besoin' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Menu du compte/ })).toHaveCount(0);
  await checkA11y(page, 'home page in French after signing out');
  await screenshot(page, 'journey-french-5-signed-out');

  // A fresh load remembers the choice and fetches the French messages on demand.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Développez les compétences en IA et en numérique dont l’Europe a besoin' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});

test('a keyboard user skips to the content, searches and opens a result without a mouse', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await checkA11y(page, 'home with the skip link shown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();

  await page.keyboard.press('Tab');
  const box = page.getByRole('searchbox', { name: 'Search courses and programmes' });
  await expect(box).toBeFocused();
  await page.keyboard.type('machine learning foundations');
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/search\?q=machine/);
  const results = page.getByRole('region', { name: 'Results' });
  await expect(results).toBeFocused();
  await checkA11y(page, 'search results reached by keyboard');
  await screenshot(page, 'journey-keyboard-1-results');

  // Tab on from the results until a result's link has focus: only the sort control is in between.
  const firstResult = results.getByRole('link').first();
  for (let presses = 0; presses < 5 && !(await firstResult.evaluate((el) => el === document.activeElement)); presses++) {
    await page.keyboard.press('Tab');
  }
  await expect(firstResult).toBeFocused();
  await expect(firstResult).toHaveText('Machine Learning Foundations');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: 'Machine Learning Foundations' })).toBeVisible();
  await expect(page.getByRole('main')).toBeFocused();
  await page.waitForLoadState('networkidle');
  await checkA11y(page, 'course opened by keyboard');
  await screenshot(page, 'journey-keyboard-2-course');
});
