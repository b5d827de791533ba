import { expect, type APIRequestContext } from '@playwright/test';
import { addOwner, institution, register, signInAPI, type Account, type Institution } from './api';

// Competitions set up through the API as their hosts and participants would in the web app,
// for journeys that start from a competition already running.

/** The classes of the penguins to classify. */
export const PENGUIN_CLASSES = ['Adelie', 'Chinstrap', 'Gentoo'];

/** Six penguins to classify: the first three rows of the solution are public, the last three private. */
export const PENGUIN_SOLUTION =
  'id,species,Usage\n1,Adelie,Public\n2,Gentoo,Public\n3,Chinstrap,Public\n4,Adelie,Private\n5,Gentoo,Private\n6,Adelie,Private\n';

/** A staff member of the verified seed institution that hosts the journeys' competitions. */
export interface CompetitionHost {
  org: Institution;
  staff: Account;
}

/** Registers an account under name and makes it an owner of the seed institution. */
export async function competitionHost(request: APIRequestContext, name: string): Promise<CompetitionHost> {
  const org = await institution(request, 'formation-horizon-ia');
  const staff = await register(request, name);
  await addOwner(request, org.id, staff);
  return { org, staff };
}

/** A data file the host uploads once the competition is published. */
export interface DataFile {
  name: string;
  description: string;
  body: string;
}

/** A competition as hosted: its address and title. */
export interface HostedCompetition {
  slug: string;
  title: string;
}

/**
 * Publishes a penguin classification competition, scored by accuracy on PENGUIN_SOLUTION,
 * that started an hour ago and whose only phase ends at endAt; files are uploaded after.
 */
export async function hostCompetition(
  request: APIRequestContext,
  host: CompetitionHost,
  { endAt, files = [] }: { endAt: Date; files?: DataFile[] },
): Promise<HostedCompetition> {
  const headers = { Authorization: `Bearer ${await signInAPI(request, host.staff.email, host.staff.password)}` };
  const suffix = Date.now().toString(36);
  const slug = `penguin-species-${suffix}`;
  const title = `Penguin species ${suffix}`;
  const start = new Date(Date.now() - 60 * 60 * 1000).toISOString();
  const end = endAt.toISOString();
  const created = await request.post(`/api/v1/orgs/${host.org.id}/competitions`, {
    headers,
    data: {
      title,
      slug,
      summary: 'Tell the three species of the Palmer Archipelago apart from their measurements.',
      overview: 'Predict the **species** of each penguin in the test set.',
      rules: 'One account per person. Share no code or data outside your team.',
      level: 'beginner',
      start_at: start,
      end_at: end,
      team_size_limit: 1,
      daily_limit: 5,
      final_selections: 1,
      eligibility: 'open',
      data_licence: 'CC0-1.0',
      phases: [
        {
          id: 'main',
          title: 'Main',
          start_at: start,
          end_at: end,
          evaluation: { metric: 'accuracy', id_column: 'id', target_column: 'species' },
        },
      ],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const put = async (path: string, body: string) => {
    const response = await request.put(`/api/v1/competitions/${slug}/${path}`, { headers: { ...headers, 'Content-Type': 'text/csv' }, data: body });
    expect(response.status(), await response.text()).toBe(200);
  };
  await put('phases/main/solution', PENGUIN_SOLUTION);
  const published = await request.post(`/api/v1/competitions/${slug}/publish`, { headers });
  expect(published.status(), await published.text()).toBe(200);
  for (const file of files) {
    await put(`files/${file.name}?description=${encodeURIComponent(file.description)}`, file.body);
  }
  return { slug, title };
}

/** A submission as the participant's API answers it. */
export interface Submission {
  id: string;
  status: 'queued' | 'scoring' | 'scored' | 'failed';
  public_score?: number;
  reason?: string;
}

/**
 * The learner accepts the rules and joins as a team of one, submits predictions as a CSV
 * file named fileName, and gets the submission back once it is scored or failed.
 */
export async function joinAndSubmit(
  request: APIRequestContext,
  learner: Account,
  slug: string,
  fileName: string,
  predictions: string,
): Promise<Submission> {
  const headers = { Authorization: `Bearer ${await signInAPI(request, learner.email, learner.password)}` };
  const joined = await request.post(`/api/v1/competitions/${slug}/entry`, { headers, data: { accept_rules: true } });
  expect(joined.status(), await joined.text()).toBe(201);
  const sent = await request.post(`/api/v1/competitions/${slug}/submissions?file_name=${encodeURIComponent(fileName)}`, {
    headers: { ...headers, 'Content-Type': 'text/csv' },
    data: predictions,
  });
  expect(sent.status(), await sent.text()).toBe(202);
  let submission = (await sent.json()) as Submission;
  // wait=final holds each answer until the submission is final, or about 25 seconds.
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/v1/competitions/${slug}/submissions/${submission.id}?wait=final`, { headers });
        expect(response.status(), await response.text()).toBe(200);
        submission = (await response.json()) as Submission;
        return submission.status;
      },
      { message: `${fileName} of ${learner.name} scored or failed`, timeout: 60_000 },
    )
    .toMatch(/^(scored|failed)$/);
  return submission;
}
