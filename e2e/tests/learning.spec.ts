import type { Locator, Page } from '@playwright/test';
import { checkA11y } from '../support/a11y';
import { expect, test } from '../support/fixtures';
import { screenshot, VIEWPORTS } from '../support/screens';

const COURSE = 'Machine Learning Foundations';

/** Answers one question of "Check your understanding: the learning problem", found by its prompt. */
async function answer(question: Locator): Promise<void> {
  const prompt = (await question.locator('.question-prompt').first().innerText()).trim();
  if (prompt.includes('5-fold cross-validation')) {
    await question.getByRole('textbox').fill('200');
  } else if (prompt.includes('99 % accuracy')) {
    await question.getByRole('radio', { name: 'Overfitting' }).check();
  } else if (prompt.includes('data leakage')) {
    // From the keyboard: Space ticks a box.
    for (const option of [/cancellation hotline/, /imputing missing values/, /copies of the same customer/]) {
      await question.getByRole('checkbox', { name: option }).focus();
      await question.page().keyboard.press('Space');
    }
  } else if (prompt.includes('Complete the sentences')) {
    await question.getByRole('textbox', { name: 'Gap 1' }).fill('test');
    await question.getByRole('combobox', { name: 'Gap 2' }).selectOption('bias');
  } else if (prompt.includes('random split of all months')) {
    // From the keyboard: Space picks "True", the down arrow moves the choice to "False".
    await question.getByRole('radio', { name: 'True' }).focus();
    await question.page().keyboard.press('Space');
    await question.page().keyboard.press('ArrowDown');
    await expect(question.getByRole('radio', { name: 'False' })).toBeChecked();
  } else if (prompt.includes('Match each problem')) {
    const pairs: [RegExp, string][] = [
      [/next week's sales/, 'Regression'],
      [/spam/, 'Classification'],
      [/Group customers/, 'Clustering'],
      [/warehouse robot/, 'Reinforcement learning'],
    ];
    for (const [left, right] of pairs) {
      await question.getByRole('combobox', { name: left }).selectOption({ label: right });
    }
  } else {
    throw new Error(`unexpected question: ${prompt}`);
  }
  // Feedback is immediate in this quiz: a question shows its verdict once checked, and its answer then stays.
  await expect(question.locator('.feedback-verdict')).toHaveCount(0);
  await question.getByRole('button', { name: 'Check answer' }).click();
  await expect(question.locator('.feedback-verdict')).toHaveText(/^Correct/);
  await expect(question.getByText('Checked: this answer can no longer be changed.')).toBeVisible();
}

async function progressSays(page: Page, done: number, total: number): Promise<void> {
  await expect(page.getByText(`${done} of ${total} required items done`)).toBeVisible();
}

test('a learner signs up, enrols, reads lessons, passes a quiz and sees the grade arrive', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Name').fill('Lea Lernende');
  await page.getByLabel('Email address').fill(`learner-${Date.now()}@example.org`);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome back, Lea Lernende' })).toBeVisible();

  await page.getByRole('link', { name: 'My learning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My learning' })).toBeVisible();
  await expect(page.getByText('Courses and programmes you enrol in will appear here')).toBeVisible();
  await checkA11y(page, 'my learning, empty');

  await page.goto('/courses/machine-learning-foundations');
  await page.getByRole('button', { name: 'Enrol for free' }).click();
  await expect(page).toHaveURL(/\/learn\/machine-learning-foundations$/);
  await expect(page.getByRole('heading', { level: 1, name: COURSE })).toBeVisible();
  await progressSays(page, 0, 10);
  await checkA11y(page, 'course player overview');
  await screenshot(page, 'journey-learning-1-enrolled');

  // Two lessons, each read and marked as done.
  await page.getByRole('link', { name: /^Start: What machine learning is/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'What machine learning is' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Features, labels and models' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Course outline' }).getByRole('link', { name: 'What machine learning is' })).toHaveAttribute('aria-current', 'page');
  await checkA11y(page, 'lesson');
  await screenshot(page, 'journey-learning-2-lesson');
  await page.getByRole('button', { name: 'Mark as done' }).click();
  await expect(page.getByText('You have marked this lesson as done.')).toBeVisible();
  await progressSays(page, 1, 10);

  await page.getByRole('link', { name: /^Next/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Generalisation, overfitting and data splits' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^← Previous/ })).toBeVisible();
  await page.getByRole('button', { name: 'Mark as done' }).click();
  await progressSays(page, 2, 10);

  // The module's quiz.
  await page.getByRole('link', { name: /^Next/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your understanding: the learning problem' })).toBeVisible();
  await expect(page.getByText('0 of 3 used')).toBeVisible();
  await checkA11y(page, 'quiz introduction');
  await page.getByRole('button', { name: 'Start the quiz' }).click();

  await expect(page).toHaveURL(/\/learn\/machine-learning-foundations\/attempts\//);
  await expect(page.getByRole('timer')).toHaveText(/^1[45]:\d\d$/);
  const questions = page.locator('li.question');
  await expect(questions).toHaveCount(6);
  await checkA11y(page, 'quiz, unanswered');
  for (const question of await questions.all()) {
    await answer(question);
  }
  await expect(page.getByText('6 of 6 answered')).toBeVisible();
  await expect(page.getByText('Every question has an answer.')).toBeVisible();
  await checkA11y(page, 'quiz, answered with feedback');
  await screenshot(page, 'journey-learning-3-quiz');

  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your grade has arrived: 100 %. You passed.' })).toBeAttached();
  await expect(page.getByRole('heading', { level: 2, name: 'Your result' })).toBeVisible();
  await expect(page.locator('.result-percent')).toHaveText('100 %');
  await expect(page.getByText('11 of 11 points · passed: the pass mark is 70 %')).toBeVisible();
  await checkA11y(page, 'quiz result');
  await screenshot(page, 'journey-learning-4-result');

  await page.getByLabel('What should the teacher look at?').fill('Please check my matching answer.');
  await page.getByRole('button', { name: 'Request a review' }).click();
  await expect(page.getByText(/^You asked for a review on/)).toBeVisible();
  await expect(page.getByText('Please check my matching answer.')).toBeVisible();
  await checkA11y(page, 'review requested');

  await page.getByRole('link', { name: 'My learning' }).click();
  const card = page.getByRole('listitem').filter({ hasText: COURSE });
  await expect(card.getByRole('heading', { level: 2, name: COURSE })).toBeVisible();
  await expect(card.getByRole('link', { name: new RegExp(`^Continue.*${COURSE}`) })).toBeVisible();
  await expect(card.getByText('3 of 10 required items done')).toBeVisible();
  await expect(card.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '30');
  await checkA11y(page, 'my learning with a course');
  await screenshot(page, 'journey-learning-5-my-learning');
});

test.describe('on a phone', () => {
  test.use({ viewport: VIEWPORTS.phone });

  test('the course player puts the lesson first and folds the outline behind a button', async ({ page }) => {
    await page.goto('/signup?next=%2Flearn%2Fpython-for-data-and-ai');
    await page.getByLabel('Name').fill('Pat Phone');
    await page.getByLabel('Email address').fill(`phone-${Date.now()}@example.org`);
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();

    // Signing up from a course link comes back to it, where enrolling is one button away.
    await page.getByRole('button', { name: 'Enrol for free' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Python for Data and AI' })).toBeVisible();
    const toggle = page.getByRole('button', { name: 'Course outline' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(page.locator('#course-outline-list')).toBeHidden();
    await checkA11y(page, 'course player on a phone');
    await screenshot(page, 'journey-learning-phone-1-overview');

    await toggle.click();
    const outline = page.locator('#course-outline-list');
    await expect(outline).toBeVisible();
    await outline.getByRole('link').first().click();
    await expect(outline).toBeHidden();
    await expect(page.getByRole('button', { name: 'Mark as done' })).toBeVisible();
    // Wide code blocks scroll inside themselves; the page never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    await checkA11y(page, 'lesson on a phone');
    await screenshot(page, 'journey-learning-phone-2-lesson');
  });
});
