import { api } from './client';
import type { Page } from './types';

// The learner's home page: GET /me/dashboard and the occupations they aim at.

export interface ModuleProgress {
  id: string;
  title: string;
  done: number;
  total: number;
}

/** Where to continue in a course: an assessment's attempt in progress, or the next item. */
export interface NextItem {
  ref: string;
  kind: 'lesson' | 'assessment';
  title: string;
  module_title: string;
  attempt_id?: string;
}

export interface DashboardCourse {
  id: string;
  course_slug: string;
  course_title: string;
  status: 'active' | 'completed' | 'withdrawn';
  enrolled_at: string;
  required_done: number;
  required_total: number;
  progress_percent: number;
  modules: ModuleProgress[];
  last_activity?: { ref: string; kind: string; attempt_id?: string; at: string };
  next?: NextItem;
}

export type DeadlineKind =
  | 'attempt_due'
  | 'assessment_closes'
  | 'cohort_starts'
  | 'cohort_ends'
  | 'competition_entry_closes'
  | 'competition_merger_closes'
  | 'competition_ends';

export interface Deadline {
  kind: DeadlineKind;
  at: string;
  title: string;
  course_slug?: string;
  course_title?: string;
  ref?: string;
  attempt_id?: string;
  competition_slug?: string;
}

export interface HeldCredential {
  id: string;
  name: string;
  institution_name: string;
  micro_credential: boolean;
  issued_at: string;
  status: string;
}

export interface JoinedCompetition {
  slug: string;
  title: string;
  status: string;
  end_at: string;
  team_name: string;
  rank?: number;
  score?: number;
  ranked: number;
}

export interface SkillLabel {
  id: string;
  label: string;
}

export interface OccupationGoal {
  id: string;
  label: string;
  essential: number;
  proven: number;
  missing: SkillLabel[];
}

export interface Recommendation {
  slug: string;
  title: string;
  summary: string;
  institution_name?: string;
  level?: string;
  reason: 'closes_gap' | 'builds_on';
  skills: SkillLabel[];
  occupations: string[];
}

export interface Dashboard {
  courses: DashboardCourse[];
  deadlines: Deadline[];
  credentials: { total: number; latest: HeldCredential[] };
  competitions: JoinedCompetition[];
  skills: SkillLabel[];
  occupations: OccupationGoal[];
  recommendations: Recommendation[];
}

/** An occupation as the lookup lists it. */
export interface OccupationSummary {
  id: string;
  label: string;
  code: string;
}

/** The signed-in learner's home page, skills labelled in lang. */
export function getDashboard(lang: string, signal?: AbortSignal): Promise<Dashboard> {
  return api.get<Dashboard>('/me/dashboard', { query: { lang }, signal });
}

/** Replaces the occupations the learner aims at. */
export function setTargetOccupations(ids: string[]): Promise<{ occupations: string[] }> {
  return api.put<{ occupations: string[] }>('/me/dashboard/occupations', { occupations: ids });
}

/** Occupations with a label or code starting with q. */
export async function findOccupations(q: string, signal?: AbortSignal): Promise<OccupationSummary[]> {
  return (await api.get<Page<OccupationSummary>>('/occupations', { query: { q, limit: 8 }, signal })).items;
}
