import { checkA11y } from '../support/a11y';
import { register, signInAPI } from '../support/api';
import { expect, test } from '../support/fixtures';
import { screenshot } from '../support/screens';

const COURSE = 'Machine Learning Foundations';

test('a learner signs in to their dashboard, continues their course from it and comes back to it', async ({ page, request }) => {
  const learner = await register(request, 'Dana Dashboard');

  // Signing in with no page asked for leads to the dashboard, which says what to do first.
  await page.goto('/signin');
  await page.getByLabel('Email address').fill(learner.email);
  await page.getByLabel('Password').fill(learner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1, name: `Welcome back, ${learner.name}` })).toBeVisible();
  const courses = page.getByRole('region', { name: 'Continue where you left off' });
  await expect(courses.getByText('You are not enrolled in any course yet.', { exact: false })).toBeVisible();
  await expect(courses.getByRole('link', { name: 'Find a course' })).toBeVisible();
  await checkA11y(page, 'dashboard, new learner');

  // Enrolled elsewhere (another device): a reload shows the course with a deep link to its first lesson.
  const token = await signInAPI(request, learner.email, learner.password);
  const enrolled = await request.post('/api/v1/courses/machine-learning-foundations/enrolment', { headers: { Authorization: `Bearer ${token}` } });
  expect(enrolled.status(), await enrolled.text()).toBe(201);
  await page.reload();
  await expect(page).toHaveURL(/\/dashboard$/);
  const card = page.getByRole('article', { name: COURSE });
  await expect(card).toBeVisible();
  const start = card.getByRole('link', { name: 'Start: What machine learning is' });
  await expect(start).toHaveAttribute('href', /^\/learn\/machine-learning-foundations\/.+\..+$/);
  await checkA11y(page, 'dashboard with a course');
  await screenshot(page, 'dashboard-1-course');

  // The deep link opens the lesson; the back button returns to the dashboard.
  await start.click();
  await expect(page).toHaveURL(/\/learn\/machine-learning-foundations\/.+/);
  await expect(page.getByRole('heading', { name: 'What machine learning is' }).first()).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('article', { name: COURSE })).toBeVisible();

  // Marking the lesson done moves the link on to the next lesson, and a reload keeps the dashboard.
  await page.getByRole('article', { name: COURSE }).getByRole('link', { name: 'Start: What machine learning is' }).click();
  await page.getByRole('button', { name: 'Mark as done' }).click();
  await expect(page.getByText('You have marked this lesson as done.')).toBeVisible();
  await page.goto('/dashboard');
  await page.reload();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('article', { name: COURSE }).getByRole('link', { name: 'Continue: Generalisation, overfitting and data splits' })).toBeVisible();
  await expect(page.getByRole('article', { name: COURSE }).getByText(/^Last activity on /)).toBeVisible();
});
