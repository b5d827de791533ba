import { randomBytes } from 'node:crypto';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { checkA11y } from './a11y';
import { mailedToken } from './mail';

// Set-up through the API for journeys that start from an existing situation: accounts,
// organisation roles and credentials. What the journey itself tests goes through the browser.

/** An account the test created, with how to sign in. */
export interface Account {
  id: string;
  email: string;
  password: string;
  name: string;
}

/** A fresh account with a unique email address, confirmed with the link mailed to it. */
export async function register(request: APIRequestContext, name: string): Promise<Account> {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${Date.now()}-${randomBytes(3).toString('hex')}@example.org`;
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const response = await request.post('/api/v1/auth/register', { data: { email, password, display_name: name } });
  expect(response.status(), await response.text()).toBe(202);
  const verified = await request.post('/api/v1/auth/verify-email', { data: { token: await mailedToken(email, '/verify-email') } });
  expect(verified.status(), await verified.text()).toBe(204);
  const login = await request.post('/api/v1/auth/login', { data: { email, password } });
  expect(login.status(), await login.text()).toBe(200);
  const { user } = (await login.json()) as { user: { id: string } };
  return { id: user.id, email, password, name };
}

/** An access token for the account. */
export async function signInAPI(request: APIRequestContext, email: string, password: string): Promise<string> {
  const response = await request.post('/api/v1/auth/login', { data: { email, password } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The administrator global setup created. */
export function administrator(): { email: string; password: string } {
  const email = process.env.ACADEMY_E2E_ADMIN_EMAIL;
  const password = process.env.ACADEMY_E2E_ADMIN_PASSWORD;
  if (!email || !password) {
    throw new Error('ACADEMY_E2E_ADMIN_EMAIL and ACADEMY_E2E_ADMIN_PASSWORD are not set: run the suite with `npm test`');
  }
  return { email, password };
}

/** A seed institution as GET /institutions/:slug answers: its id is its organisation's. */
export interface Institution {
  id: string;
  slug: string;
  name: string;
  courses: { id: string; slug: string; title: string; credential: boolean }[];
}

export async function institution(request: APIRequestContext, slug: string): Promise<Institution> {
  const response = await request.get(`/api/v1/institutions/${slug}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as Institution;
}

/** Makes the account an owner of the organisation: an administrator invites it, and it accepts. */
export async function addOwner(request: APIRequestContext, orgID: string, account: Account): Promise<void> {
  const admin = administrator();
  const token = await signInAPI(request, admin.email, admin.password);
  const invited = await request.post(`/api/v1/orgs/${orgID}/invitations`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { email: account.email, role: 'owner' },
  });
  expect(invited.status(), await invited.text()).toBe(201);
  const { id } = (await invited.json()) as { id: string };
  const accepted = await request.post(`/api/v1/me/invitations/${id}/accept`, {
    headers: { Authorization: `Bearer ${await signInAPI(request, account.email, account.password)}` },
  });
  expect(accepted.status(), await accepted.text()).toBe(200);
}

/** Awards a course of the organisation to a learner, as its staff do by hand; answers the credential's id. */
export async function awardCredential(
  request: APIRequestContext,
  staff: Account,
  orgID: string,
  learner: Account,
  courseID: string,
): Promise<string> {
  const token = await signInAPI(request, staff.email, staff.password);
  const response = await request.post(`/api/v1/orgs/${orgID}/credentials`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { learner_id: learner.id, course_id: courseID, grade: 91 },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** A verified company owned by the account: it registers it, and an administrator verifies it. */
export async function verifiedCompany(request: APIRequestContext, owner: Account, name: string): Promise<{ id: string; name: string }> {
  const created = await request.post('/api/v1/orgs', {
    headers: { Authorization: `Bearer ${await signInAPI(request, owner.email, owner.password)}` },
    data: { kind: 'company', name, country: 'DE', website: 'https://nordwind.example' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const admin = administrator();
  const verified = await request.post(`/api/v1/admin/orgs/${id}/verify`, {
    headers: { Authorization: `Bearer ${await signInAPI(request, admin.email, admin.password)}` },
  });
  expect(verified.status(), await verified.text()).toBe(200);
  return { id, name };
}

/** Signs in through the sign-in page, which is checked with axe, and lands on next once the account menu shows. */
export async function signIn(page: Page, account: Account, next: string): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await checkA11y(page, 'sign in');
  await page.getByLabel('Email address').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: new RegExp(account.name) })).toBeVisible();
  await expect(page).toHaveURL((url) => url.pathname === next);
}
