import { readFile } from 'node:fs/promises';
import { checkA11y } from '../support/a11y';
import { competitionHost, hostCompetition, PENGUIN_CLASSES } from '../support/competitions';
import { expect, test } from '../support/fixtures';
import { mailedLink } from '../support/mail';
import { screenshot } from '../support/screens';

// A running competition the journey takes part in, hosted by a seed institution and set up
// through the API as its staff would in the console (support/competitions.ts).
const TRAIN = 'id,bill_length_mm,bill_depth_mm,species\n101,39.1,18.7,Adelie\n102,46.1,13.2,Gentoo\n103,46.5,17.9,Chinstrap\n';
const SAMPLE = 'id,species\n1,Adelie\n2,Adelie\n3,Adelie\n4,Adelie\n5,Adelie\n6,Adelie\n';
// Line 3 names a class the competition does not have.
const INVALID = 'id,species\n1,Adelie\n2,Emperor\n3,Chinstrap\n4,Adelie\n5,Gentoo\n6,Adelie\n';
// Two of the three public rows right: a public accuracy of 0.66667 as the board writes it.
const VALID = 'id,species\n1,Adelie\n2,Gentoo\n3,Adelie\n4,Adelie\n5,Gentoo\n6,Adelie\n';

test('a learner joins a running competition, downloads the data, fixes an invalid file and sees the valid one scored', async ({ page, request }) => {
  const competition = await hostCompetition(request, await competitionHost(request, 'Harriet Host'), {
    endAt: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000),
    files: [
      { name: 'train.csv', description: 'Measured penguins with their species', body: TRAIN },
      { name: 'sample_submission.csv', description: 'A submission in the expected layout', body: SAMPLE },
    ],
  });
  const base = `/competitions/${competition.slug}`;

  // Sign up and confirm the address with the mailed link.
  const name = `Pia Penguin ${Date.now().toString(36)}`;
  const email = `competitor-${Date.now()}@example.org`;
  await page.goto('/signup');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto(await mailedLink(email, '/verify-email'));
  await expect(page.getByRole('status')).toHaveText('Your email address is confirmed. Thank you!');

  // The list of running competitions leads to the competition.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Competitions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Competitions' })).toBeVisible();
  const card = page.getByRole('article').filter({ hasText: competition.title });
  await expect(card).toContainText('Scored by Accuracy');
  await checkA11y(page, 'competitions list');
  await screenshot(page, 'competitions-1-list');
  await card.getByRole('link', { name: competition.title }).click();
  await expect(page).toHaveURL(new RegExp(`${base}$`));
  await expect(page.getByRole('heading', { level: 1, name: competition.title })).toBeVisible();
  await checkA11y(page, 'competition overview');

  // A tab is a page of its own: a reload lands on it again.
  const sections = page.getByRole('navigation', { name: 'Competition sections' });
  await sections.getByRole('link', { name: 'Rules' }).click();
  await expect(page).toHaveURL(new RegExp(`${base}/rules$`));
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: competition.title })).toBeVisible();
  await expect(sections.getByRole('link', { name: 'Rules' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('One account per person.')).toBeVisible();
  await checkA11y(page, 'competition rules');

  // The data downloads once the rules are accepted, and not before.
  await sections.getByRole('link', { name: 'Data' }).click();
  await expect(page).toHaveURL(new RegExp(`${base}/data$`));
  const files = page.getByRole('table', { name: 'Data files' });
  await expect(files.getByRole('rowheader', { name: 'train.csv' })).toBeVisible();
  await expect(files.getByRole('button', { name: 'Download train.csv' })).toHaveCount(0);
  await expect(page.getByText('Accept the rules to download the data.')).toBeVisible();
  await checkA11y(page, 'competition data before joining');
  await page.getByRole('button', { name: 'Join the competition' }).click();
  await expect(page.getByText('Tick the box to accept the rules before joining.')).toBeVisible();
  await page.getByRole('checkbox', { name: 'I accept the rules' }).check();
  await page.getByRole('button', { name: 'Join the competition' }).click();
  await expect(page.getByText(`You are taking part as ${name}.`)).toBeVisible();
  await expect(page.getByText('Accept the rules to download the data.')).toHaveCount(0);
  const downloading = page.waitForEvent('download');
  await files.getByRole('button', { name: 'Download train.csv' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('train.csv');
  expect(await readFile(await download.path(), 'utf8')).toBe(TRAIN);
  await checkA11y(page, 'competition data after joining');
  await screenshot(page, 'competitions-2-data');

  // An invalid file is refused with the line to fix, and does not count.
  await sections.getByRole('link', { name: 'My submissions' }).click();
  await expect(page).toHaveURL(new RegExp(`${base}/submissions$`));
  await expect(page.getByText('Your team has used 0 of 5 submissions today.')).toBeVisible();
  await expect(page.getByText('Your team has not submitted anything yet.')).toBeVisible();
  const file = page.getByLabel('Prediction file');
  await file.setInputFiles({ name: 'first-try.csv', mimeType: 'text/csv', buffer: Buffer.from(INVALID) });
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'The file was not accepted.' });
  await expect(refusal).toBeFocused();
  await expect(refusal).toContainText('It does not count against your submissions.');
  const problem = refusal.getByRole('listitem');
  await expect(problem).toHaveCount(1);
  await expect(problem).toContainText(/^Line 3, column “species”:/);
  await expect(problem).toContainText('Emperor');
  for (const species of PENGUIN_CLASSES) {
    await expect(problem).toContainText(species);
  }
  await expect(page.getByText('Your team has not submitted anything yet.')).toBeVisible();
  await checkA11y(page, 'an invalid submission refused');
  await screenshot(page, 'competitions-3-invalid');

  // The corrected file is taken, scored in the background, and the status moves by itself.
  await file.setInputFiles({ name: 'second-try.csv', mimeType: 'text/csv', buffer: Buffer.from(VALID) });
  await page.getByLabel('Description (optional)').fill('Bill length only');
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(refusal).toHaveCount(0);
  const submissions = page.getByRole('table', { name: "My team's submissions, newest first" });
  const row = submissions.getByRole('row').filter({ hasText: 'second-try.csv' });
  await expect(row).toContainText('Bill length only');
  // The cells after the file's name (a row header): submitted, status, public score.
  await expect(row.getByRole('cell').nth(1)).toHaveText('Scored', { timeout: 60_000 });
  await expect(row.getByRole('cell').nth(2)).toHaveText('0.66667');
  await expect(page.getByRole('status').filter({ hasText: 'second-try.csv was scored: public score 0.66667.' })).toBeAttached();
  await expect(page.getByText('Your team has used 1 of 5 submissions today.')).toBeVisible();
  await checkA11y(page, 'a submission scored');
  await screenshot(page, 'competitions-4-scored');

  // The public leaderboard ranks the team, marked as the learner's own.
  await sections.getByRole('link', { name: 'Leaderboard' }).click();
  await expect(page).toHaveURL(new RegExp(`${base}/leaderboard$`));
  const board = page.getByRole('table', { name: 'Public leaderboard, 1 team' });
  const mine = board.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(name) }) });
  await expect(mine).toHaveAttribute('aria-current', 'true');
  await expect(mine).toContainText('(your team)');
  await expect(mine.getByRole('cell').first()).toHaveText('1');
  await expect(mine.getByRole('cell').nth(1)).toHaveText('0.66667');
  await checkA11y(page, 'public leaderboard');
  await screenshot(page, 'competitions-5-leaderboard');

  // The back button retraces the tabs, then returns to the list.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`${base}/submissions$`));
  await expect(row.getByRole('cell').nth(1)).toHaveText('Scored');
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`${base}/data$`));
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`${base}/rules$`));
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`${base}$`));
  await page.goBack();
  await expect(page).toHaveURL(/\/competitions$/);
  await expect(page.getByRole('article').filter({ hasText: competition.title })).toContainText('1 team');
});
