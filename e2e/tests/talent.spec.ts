import { randomBytes } from 'node:crypto';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { checkA11y } from '../support/a11y';
import { addOwner, awardCredential, institution, register, signIn, verifiedCompany } from '../support/api';
import { expect, test } from '../support/fixtures';
import { screenshot } from '../support/screens';

/**
 * Two skills of the taxonomy no seed course teaches and no seed course's skill is related to:
 * an opening asking for them and for the credential's skill as essential matches only a
 * candidate who holds all three, so the journey's learner is the one match to find.
 */
const RARE_SKILLS = ['d38055cc-7c76-4e5e-90e7-5bb5d5851a92', 'e2b82b00-f07f-4fc8-a7bb-c8febf65efe5'] as const;

/** A skill's English label, as the pickers list it. */
async function skillLabel(request: APIRequestContext, id: string): Promise<string> {
  const response = await request.get(`/api/v1/skills/${id}`);
  expect(response.status(), await response.text()).toBe(200);
  const skill = (await response.json()) as { labels?: Record<string, string>; label?: string };
  return skill.labels?.en ?? skill.label ?? id;
}

/** Finds a skill in a skill picker by the start of its label and adds it. */
async function pickSkill(scope: Page | Locator, label: string): Promise<void> {
  await scope.getByLabel('Find a skill').fill(label.slice(0, 24));
  await scope.getByRole('button', { name: `Add skill ${label}`, exact: true }).click();
}

/** Reloads page until check passes: matching runs on the queue, a moment after the change that starts it. */
async function eventually(page: Page, check: () => Promise<void>, timeout = 70_000): Promise<void> {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [1_000, 2_000, 5_000] });
}

test('a learner with a credential joins the talent pool, is matched, contacted and named, then withdraws and disappears', async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  test.setTimeout(240_000);

  // A credential earned from a seed course, as its issuer's staff award it.
  const org = await institution(request, 'datenwerk-weiterbildung');
  const course = org.courses.find((c) => c.credential);
  expect(course, 'a seed course of Datenwerk awards a credential').toBeDefined();
  const courseResponse = await request.get(`/api/v1/courses/${course!.slug}`);
  const provenSkill = ((await courseResponse.json()) as { skills: { skill: string }[] }).skills[0]!.skill;
  const staff = await register(request, 'Stefan Staff');
  await addOwner(request, org.id, staff);
  const learner = await register(request, 'Lena Learner');
  const credentialID = await awardCredential(request, staff, org.id, learner, course!.id);
  const [proven, rare1, rare2] = await Promise.all([
    skillLabel(request, provenSkill),
    skillLabel(request, RARE_SKILLS[0]),
    skillLabel(request, RARE_SKILLS[1]),
  ]);

  const recruiter = await register(request, 'Rita Recruiter');
  const company = await verifiedCompany(request, recruiter, `Nordwind Analytics ${randomBytes(3).toString('hex')}`);

  // The learner reads the notice and joins.
  await signIn(page, learner, '/');
  await page.getByRole('button', { name: /Lena Learner/ }).click();
  await page.getByRole('link', { name: 'Talent pool', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Talent pool' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'What joining the talent pool means' })).toContainText(/Notice version \S+/);
  await checkA11y(page, 'talent pool: consent');
  await screenshot(page, 'talent-1-consent');
  await page.getByRole('button', { name: 'I agree: join the talent pool' }).click();
  await expect(page.getByText(/You are in the talent pool since/)).toBeVisible();
  await checkA11y(page, 'talent pool: dashboard');

  // Her profile: the credential's skill is proven; two more skills she declares herself.
  await page.getByRole('link', { name: 'Edit my profile' }).click();
  const provenSkills = page.getByRole('region', { name: 'Proven skills' });
  await expect(provenSkills).toContainText(proven);
  await expect(provenSkills.getByRole('link', { name: /Check the credential/ }).first()).toHaveAttribute('href', `/verify/${credentialID}`);
  const declared = page.getByRole('group', { name: 'Self-declared skills' });
  await pickSkill(declared, rare1);
  await pickSkill(declared, rare2);
  await page.getByLabel('Country of residence').selectOption({ label: 'India' });
  await page.getByLabel('I need a work permit to work in the other countries').check();
  await checkA11y(page, 'talent pool: profile');
  await screenshot(page, 'talent-2-profile');
  await page.getByRole('button', { name: 'Save my profile' }).click();
  await expect(page.getByText('Profile saved.')).toBeFocused();

  // The company publishes an opening asking for the three skills.
  const companyContext = await browser.newContext({ baseURL });
  const companyPage = await companyContext.newPage();
  await signIn(companyPage, recruiter, '/console');
  await companyPage.getByRole('link', { name: `Openings of ${company.name}` }).click();
  await checkA11y(companyPage, 'openings');
  await companyPage.getByRole('link', { name: 'New opening' }).click();
  const title = `Radar data analyst ${randomBytes(2).toString('hex')}`;
  await companyPage.getByLabel('Job title').fill(title);
  const required = companyPage.getByRole('group', { name: 'Required skills' });
  for (const label of [proven, rare1, rare2]) {
    await pickSkill(required, label);
  }
  await companyPage.getByLabel('City').fill('Berlin');
  await companyPage.getByLabel('Lowest pay').fill('52000');
  await companyPage.getByLabel('Highest pay').fill('64000');
  await companyPage.getByLabel('We support a work-permit application').check();
  await expect(companyPage.getByText(/meets the EU Blue Card salary threshold in Germany/)).toBeVisible();
  await checkA11y(companyPage, 'opening editor');
  await screenshot(companyPage, 'talent-3-opening');
  await companyPage.getByRole('button', { name: 'Create draft' }).click();
  await expect(companyPage.getByText('Draft created.')).toBeVisible();
  await companyPage.getByRole('button', { name: 'Publish' }).click();
  await expect(companyPage.getByText('Published: the opening is open and matching has started.')).toBeVisible();

  // Her card is among the matches, with the credential as evidence and no name.
  await companyPage.getByRole('link', { name: `Matches of ${title}` }).click();
  await expect(companyPage.getByText('The ranking only advises; a person at your company decides.')).toBeVisible();
  const evidence = companyPage.locator(`a[href$="/verify/${credentialID}"]`);
  const card = companyPage.getByRole('article').filter({ has: evidence });
  await eventually(companyPage, () => expect(card).toHaveCount(1));
  await expect(card).not.toContainText(learner.name);
  await card.getByText(/^Why .* matches$/).click();
  await expect(card).toContainText(`${proven}, proven by a credential issued here.`);
  await checkA11y(companyPage, 'matches of an opening');
  await screenshot(companyPage, 'talent-4-matches');
  const pseudonym = (await card.getByRole('heading', { level: 2 }).textContent())!.trim();
  expect(pseudonym).toMatch(/^C-/);
  await card.getByRole('radio', { name: 'Shortlist' }).check();
  await card.getByLabel('Reason (optional)').fill('Proven skill and both rare ones');
  await card.getByRole('button', { name: 'Record the decision' }).click();
  await expect(card.getByText(/Shortlisted on/)).toBeVisible();

  // The company asks her for contact from her card.
  await card.getByRole('link', { name: `Open the card of ${pseudonym}` }).click();
  await expect(companyPage.getByRole('heading', { level: 2, name: pseudonym })).toBeVisible();
  await companyPage.getByLabel('Your message').fill('We would like to talk about our radar data role.');
  await checkA11y(companyPage, 'candidate card');
  await companyPage.getByRole('button', { name: 'Send the request' }).click();
  await expect(companyPage.getByText(`Your request was sent. You will see the name of ${pseudonym} if they accept.`)).toBeFocused();

  // She sees the opening among her matches, and accepts the request.
  await page.getByRole('link', { name: 'Matching openings', exact: true }).click();
  // The router fetches the page's code before it changes the address: a reload sooner reloads the profile.
  await expect(page).toHaveURL(/\/talent\/matches$/);
  await eventually(page, () => expect(page.getByRole('article', { name: title })).toBeVisible());
  await page.getByRole('article', { name: title }).getByText('Why this match').click();
  await checkA11y(page, 'talent pool: matches');
  await screenshot(page, 'talent-5-my-matches');
  await page.getByRole('link', { name: 'Contact requests', exact: true }).click();
  const contactRequest = page.getByRole('article').filter({ hasText: company.name });
  await expect(contactRequest).toContainText('We would like to talk about our radar data role.');
  await checkA11y(page, 'talent pool: contact requests');
  await contactRequest.getByRole('button', { name: 'Accept' }).click();
  await expect(contactRequest).toContainText(`${company.name} now sees your name and email address.`);
  await expect(page.getByRole('table', { name: 'Who looked at my profile' })).toContainText(company.name);

  // The company now sees her name.
  await companyPage.reload();
  await expect(companyPage.getByRole('heading', { level: 2, name: learner.name })).toBeVisible();
  await expect(companyPage.getByRole('link', { name: learner.email })).toBeVisible();

  // She withdraws: her card leaves the company's matches.
  await page.getByRole('link', { name: 'Overview', exact: true }).click();
  await page.getByRole('button', { name: 'Leave the talent pool' }).click();
  await page.getByRole('button', { name: 'Yes, leave now' }).click();
  await expect(page.getByRole('button', { name: 'I agree: join the talent pool' })).toBeVisible();

  await companyPage.goBack();
  await expect(companyPage.getByText('The ranking only advises; a person at your company decides.')).toBeVisible();
  await eventually(companyPage, () => expect(card).toHaveCount(0));
  await companyPage.goto(`/console/orgs/${company.id}/talent/${encodeURIComponent(pseudonym)}`);
  await expect(companyPage.getByRole('alert')).toBeVisible();
  await expect(companyPage.getByRole('heading', { name: learner.name })).toHaveCount(0);
  await companyPage.getByRole('link', { name: 'Talent search', exact: true }).click();
  await expect(companyPage.getByRole('heading', { level: 1, name: 'Talent search' })).toBeVisible();
  await expect(companyPage.locator(`a[href$="/verify/${credentialID}"]`)).toHaveCount(0);
  await checkA11y(companyPage, 'talent search');
  await companyContext.close();
});
