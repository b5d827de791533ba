import { checkA11y } from '../support/a11y';
import { register, signIn, signInAPI } from '../support/api';
import { competitionHost, hostCompetition, joinAndSubmit } from '../support/competitions';
import { expect, test } from '../support/fixtures';
import { screenshot } from '../support/screens';

// Against PENGUIN_SOLUTION (rows 1–3 public, 4–6 private). The early leader gets every public
// row right but one private row: 1 in public, 0.33333 in private. The winner gets two public
// rows right and every private one: 0.66667 in public, 1 in private. The final board turns the
// public ranking round.
const EARLY_LEADER = 'id,species\n1,Adelie\n2,Gentoo\n3,Chinstrap\n4,Gentoo\n5,Adelie\n6,Adelie\n';
const WINNER = 'id,species\n1,Adelie\n2,Gentoo\n3,Adelie\n4,Adelie\n5,Gentoo\n6,Adelie\n';

// The backend refuses to finalise before the end: the competition ends this long after it
// is created, time enough on a busy machine to publish it, join and submit twice.
const ENDS_AFTER_MS = 60_000;

test('a host finalises an ended competition, and the winner holds a placement credential that verifies', async ({ page, browser, request, baseURL }) => {
  test.setTimeout(ENDS_AFTER_MS + 180_000);
  // Accounts first, so that the competition's clock starts once everyone is ready.
  const host = await competitionHost(request, 'Hugo Host');
  const leader = await register(request, 'Lotte Leader');
  const winner = await register(request, 'Wanda Winner');
  const endAt = new Date(Date.now() + ENDS_AFTER_MS);
  const competition = await hostCompetition(request, host, { endAt });
  const [leaderSubmission, winnerSubmission] = await Promise.all([
    joinAndSubmit(request, leader, competition.slug, 'every-public-row.csv', EARLY_LEADER),
    joinAndSubmit(request, winner, competition.slug, 'every-private-row.csv', WINNER),
  ]);
  expect(leaderSubmission).toMatchObject({ status: 'scored', public_score: 1 });
  expect(winnerSubmission.status).toBe('scored');
  expect(winnerSubmission.public_score).toBeCloseTo(2 / 3);

  // While the competition runs, the host sees both scores of every submission and when finalising opens.
  await signIn(page, host.staff, '/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Console' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Console' })).toBeVisible();
  await page
    .getByRole('table', { name: 'Competitions' })
    .getByRole('link', { name: `Submissions of ${competition.title}` })
    .click();
  await expect(page).toHaveURL(new RegExp(`/console/competitions/${competition.slug}/submissions$`));
  await expect(page.getByRole('heading', { level: 1, name: competition.title })).toBeVisible();
  await expect(page.getByText(/^You can finalise the results once the competition has ended, on /)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Finalise the results…' })).toHaveCount(0);
  const submissions = page.getByRole('table', { name: 'Submissions of every team' });
  // The cells after the submission time: file, status, public score, private score.
  const leaderRow = submissions.getByRole('row').filter({ hasText: 'every-public-row.csv' });
  await expect(leaderRow.getByRole('cell').nth(2)).toHaveText('Scored');
  await expect(leaderRow.getByRole('cell').nth(3)).toHaveText('1');
  await expect(leaderRow.getByRole('cell').nth(4)).toHaveText('0.33333');
  const winnerRow = submissions.getByRole('row').filter({ hasText: 'every-private-row.csv' });
  await expect(winnerRow.getByRole('cell').nth(3)).toHaveText('0.66667');
  await expect(winnerRow.getByRole('cell').nth(4)).toHaveText('1');
  await checkA11y(page, 'console submissions of a running competition');

  // Once the end has passed, the page offers to finalise; it asks first, and says what it does.
  const ended = page.getByText('The competition has ended. Finalise it to publish the results.');
  await expect(async () => {
    await page.reload();
    await expect(ended).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: Math.max(0, endAt.getTime() - Date.now()) + 30_000, intervals: [5_000] });
  await expect(page.getByText('Results being finalised', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Finalise the results…' }).click();
  const confirmation = page.getByRole('alertdialog');
  await expect(confirmation).toBeFocused();
  await expect(confirmation).toContainText('freezes the private leaderboard and makes it public');
  await expect(confirmation).toContainText('It cannot be undone.');
  await checkA11y(page, 'finalising confirmation');
  await screenshot(page, 'competition-results-1-confirm');
  await confirmation.getByRole('button', { name: 'Finalise now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Finalisation has started' })).toBeVisible();
  await expect(confirmation).toHaveCount(0);
  await page.reload();
  await expect(page.getByText('The results are final: the private leaderboard is public and the credentials were awarded.')).toBeVisible();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible();
  await checkA11y(page, 'console submissions of a finished competition');

  // The host's public page shows the frozen private board first.
  await page.getByRole('link', { name: 'View the public page' }).click();
  await expect(page).toHaveURL(new RegExp(`/competitions/${competition.slug}$`));
  await page.getByRole('navigation', { name: 'Competition sections' }).getByRole('link', { name: 'Leaderboard' }).click();
  await expect(page.getByRole('combobox', { name: 'Leaderboard' })).toHaveValue('private');
  await expect(page.getByText('This leaderboard is final.')).toBeVisible();
  const hostBoard = page.getByRole('table', { name: 'Private leaderboard, 2 teams' });
  await expect(hostBoard.getByRole('rowheader')).toHaveText([winner.name, leader.name]);
  await checkA11y(page, 'private leaderboard, host');

  // The winner finds both credentials in the wallet once they are issued.
  const winnerContext = await browser.newContext({ baseURL });
  const winnerPage = await winnerContext.newPage();
  await signIn(winnerPage, winner, '/');
  await winnerPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Credentials' }).click();
  await expect(winnerPage.getByRole('heading', { level: 1, name: 'My credentials' })).toBeVisible();
  const placement = winnerPage.getByRole('article', { name: `${competition.title}: Winner` });
  const participation = winnerPage.getByRole('article', { name: `${competition.title}: Participant` });
  await expect(async () => {
    await winnerPage.reload();
    await expect(placement).toBeVisible({ timeout: 2_000 });
    await expect(participation).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(placement.getByRole('link', { name: host.org.name })).toBeVisible();
  await expect(placement.getByText('Valid', { exact: true })).toBeVisible();
  await expect(participation.getByText('Valid', { exact: true })).toBeVisible();
  await checkA11y(winnerPage, 'wallet with competition credentials');
  // Second of two teams reaches no placement tier: the early leader only took part.
  const leaderToken = await signInAPI(request, leader.email, leader.password);
  await expect
    .poll(
      async () => {
        const response = await request.get('/api/v1/me/credentials', { headers: { Authorization: `Bearer ${leaderToken}` } });
        return ((await response.json()) as { items: { name: string }[] }).items.map((c) => c.name);
      },
      { message: "the early leader's credentials", timeout: 30_000 },
    )
    .toEqual([`${competition.title}: Participant`]);
  await screenshot(winnerPage, 'competition-results-2-wallet');

  // Its verification page says it is valid, check by check.
  await placement.getByRole('link', { name: 'See the verification page' }).click();
  await expect(winnerPage).toHaveURL(/\/verify\/[^/]+$/);
  await expect(winnerPage.getByRole('heading', { level: 2, name: /Valid credential/ })).toBeVisible();
  const details = winnerPage.getByRole('region', { name: 'What the credential says' });
  const fact = (term: string) =>
    details
      .locator('div')
      .filter({ has: winnerPage.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }) })
      .getByRole('definition');
  await expect(fact('Achievement')).toHaveText(`${competition.title}: Winner`);
  await expect(fact('Issued by')).toContainText(host.org.name);
  await expect(fact('Awarded to')).toContainText(winner.name);
  // The place among the ranked teams and the private score, not a grade.
  await expect(fact('Place')).toHaveText('1 of 2');
  await expect(fact('Score')).toHaveText('1');
  await expect(details.getByRole('term').filter({ hasText: 'Final grade' })).toHaveCount(0);
  const checks = winnerPage.getByRole('region', { name: 'What was checked' }).getByRole('listitem');
  await expect(checks.first()).toBeVisible();
  await expect(checks.filter({ hasText: 'Failed:' })).toHaveCount(0);
  await checkA11y(winnerPage, 'verification of a placement credential');
  await screenshot(winnerPage, 'competition-results-3-verification');
  await winnerContext.close();

  // Anyone sees the private board, with how each team moved from the public ranking.
  const visitor = await browser.newContext({ baseURL });
  const visitorPage = await visitor.newPage();
  await visitorPage.goto(`/competitions/${competition.slug}/leaderboard`);
  await expect(visitorPage.getByRole('heading', { level: 1, name: competition.title })).toBeVisible();
  const board = visitorPage.getByRole('table', { name: 'Private leaderboard, 2 teams' });
  await expect(board.getByRole('columnheader', { name: 'Public rank → private rank' })).toBeVisible();
  // The cells around the team's name (a row header): rank, then score, entries, last submission, shake-up.
  const first = board.getByRole('row').filter({ has: visitorPage.getByRole('rowheader', { name: winner.name }) });
  await expect(first.getByRole('cell').nth(0)).toHaveText('1');
  await expect(first.getByRole('cell').nth(1)).toHaveText('1');
  await expect(first.getByRole('cell').nth(4)).toHaveText('2 → 1 (up 1 place)');
  const second = board.getByRole('row').filter({ has: visitorPage.getByRole('rowheader', { name: leader.name }) });
  await expect(second.getByRole('cell').nth(0)).toHaveText('2');
  await expect(second.getByRole('cell').nth(1)).toHaveText('0.33333');
  await expect(second.getByRole('cell').nth(4)).toHaveText('1 → 2 (down 1 place)');
  await checkA11y(visitorPage, 'private leaderboard, public');
  await screenshot(visitorPage, 'competition-results-4-private-board');

  // The public board stays as it was at the end, in its order.
  await visitorPage.getByRole('combobox', { name: 'Leaderboard' }).selectOption('public');
  await expect(visitorPage).toHaveURL(/[?&]board=public/);
  const publicBoard = visitorPage.getByRole('table', { name: 'Public leaderboard, 2 teams' });
  await expect(publicBoard.getByRole('rowheader')).toHaveText([leader.name, winner.name]);
  await expect(publicBoard.getByRole('columnheader', { name: 'Public rank → private rank' })).toHaveCount(0);
  await checkA11y(visitorPage, 'public leaderboard of a finished competition');
  await visitor.close();
});
