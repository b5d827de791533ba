import type { Competition, CompetitionSummary, Entry, Leaderboard, LeaderboardEntry, Submission } from '../api/competitions';

/** A running classification competition, as lists show it. */
export function aCompetitionSummary(overrides: Partial<CompetitionSummary> = {}): CompetitionSummary {
  return {
    id: 'c1',
    slug: 'penguins',
    title: 'Penguin species',
    summary: 'Tell Adélie, Chinstrap and Gentoo penguins apart from their measurements.',
    host: { kind: 'platform', name: 'AI Skills Academy' },
    level: 'beginner',
    skills: [{ id: 'sk-ml', label: 'machine learning' }],
    tags: ['classification'],
    languages: ['en'],
    status: 'running',
    start_at: '2026-11-02T09:00:00Z',
    end_at: '2027-01-29T17:00:00Z',
    metric: 'accuracy',
    teams: 12,
    sample: true,
    ...overrides,
  };
}

/** The same competition's page. */
export function aCompetition(overrides: Partial<Competition> = {}): Competition {
  return {
    ...aCompetitionSummary(),
    overview: '# The task\n\nPredict the **species** of each penguin in `test.csv`.',
    rules: 'One account per person. Submit at most five files a day.',
    prizes: 'A placement credential for the top 10 %.',
    data_licence: 'CC0 1.0',
    team_size_limit: 3,
    daily_limit: 5,
    final_selections: 2,
    placement_tiers: [
      { id: 'winner', name: 'Winner', top_ranks: 1 },
      { id: 'top_10_percent', name: 'Top 10 %', top_percent: 10 },
    ],
    eligibility: 'open',
    phases: [
      { id: 'main', title: 'Main', start_at: '2026-11-02T09:00:00Z', end_at: '2027-01-29T17:00:00Z', daily_limit: 5, metric: 'accuracy', direction: 'higher' },
    ],
    files: [
      { name: 'train.csv', size: 14_200, content_type: 'text/csv', description: 'Measurements with species' },
      { name: 'test.csv', size: 2_048_000, content_type: 'text/csv', description: 'Measurements to predict' },
    ],
    version: 1,
    ...overrides,
  };
}

/** Lea's entry: a team of one named after her. */
export function anEntry(overrides: Partial<Entry['team']> = {}): Entry {
  return {
    competition_id: 'c1',
    accepted_rules_at: '2026-11-20T10:00:00Z',
    team: {
      id: 't-lea',
      name: 'Lea',
      members: [{ user_id: 'u2', name: 'Lea' }],
      submissions_today: 1,
      daily_limit: 5,
      submissions_total: 3,
      resets_at: '2026-12-03T00:00:00Z',
      selected_submission_ids: [],
      disqualified: false,
      ...overrides,
    },
  };
}

export function aSubmission(overrides: Partial<Submission> = {}): Submission {
  return {
    id: 's1',
    phase_id: 'main',
    team_id: 't-lea',
    submitted_by: 'u2',
    description: '',
    file_name: 'predictions.csv',
    size: 1200,
    status: 'scored',
    public_score: 0.9125,
    created_at: '2026-12-02T09:00:00Z',
    scored_at: '2026-12-02T09:00:05Z',
    selected: false,
    ...overrides,
  };
}

export function aBoardEntry(rank: number, team: string, score: number, overrides: Partial<LeaderboardEntry> = {}): LeaderboardEntry {
  return {
    rank,
    team_id: `t-${team.toLowerCase()}`,
    team_name: team,
    score,
    entries: 4,
    last_submission_at: '2026-12-01T12:00:00Z',
    is_me: false,
    ...overrides,
  };
}

export function aLeaderboard(overrides: Partial<Leaderboard> = {}): Leaderboard {
  return { phase_id: 'main', board: 'public', frozen: false, total: 0, items: [], baselines: [], ...overrides };
}
