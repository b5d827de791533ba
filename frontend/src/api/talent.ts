import { api } from './client';
import type { Page } from './types';

// The talent pool: the learner's profile, consent and matches, the company's openings,
// match lists, talent search and candidates, and the public facts about matching.

const path = encodeURIComponent;

/** What backs a claim to a skill, strongest first. */
export type Evidence = 'credential' | 'imported' | 'competition' | 'self_declared';

export const EVIDENCE: readonly Evidence[] = ['credential', 'imported', 'competition', 'self_declared'];

/** The CEFR levels, lowest first. */
export const CEFR_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;

/** Skill levels: 0 is unstated, then basic, intermediate, advanced and expert. */
export const SKILL_LEVELS = [0, 1, 2, 3, 4] as const;

export const REMOTE_POLICIES = ['on_site', 'hybrid', 'remote'] as const;
export type RemotePolicy = (typeof REMOTE_POLICIES)[number];

export const PAY_PERIODS = ['year', 'month', 'hour'] as const;
export type PayPeriod = (typeof PAY_PERIODS)[number];

export const DECISIONS = ['shortlist', 'reject', 'contact'] as const;
export type DecisionKind = (typeof DECISIONS)[number];

/** The problem codes the talent routes answer with, as the web app tells them apart. */
export const TALENT_PROBLEM = {
  staleNotice: 'stale-notice',
  editConflict: 'edit-conflict',
  alreadyAnswered: 'already-answered',
  contactPending: 'contact-pending',
} as const;

export interface Ref {
  id: string;
  label: string;
}

export interface Language {
  code: string;
  cefr: string;
}

/** GET /talent/notice: the consent notice's current version. */
export interface Notice {
  version: string;
  purpose: string;
}

/** GET /talent/matching: the formula's constants. */
export interface MatchingRules {
  version: string;
  weights: { essential_skills: number; optional_skills: number; languages: number };
  min_essential_coverage: number;
  evidence: Record<Evidence, number>;
  relations: { same: number; narrower: number; broader: number };
  level_shortfall: number;
}

export interface BlueCardThreshold {
  country: string;
  year: number;
  /** Set where the threshold differs by region. */
  region?: string;
  general: number;
  /** 0 or absent where the country has no lower threshold. */
  shortage?: number;
  currency: string;
  /** Whether the figures are per year or per month, as the source states them. */
  period: 'year' | 'month';
  source: string;
}

/** A threshold per year, the shortage one when asked and the country has one. */
export function annualThreshold(b: BlueCardThreshold, shortage: boolean): number {
  const figure = shortage && b.shortage ? b.shortage : b.general;
  return b.period === 'month' ? figure * 12 : figure;
}

/** The threshold that applies to a country: the latest year's, the strictest region's (as the server checks). */
export function thresholdFor(all: BlueCardThreshold[], country: string): BlueCardThreshold | undefined {
  let best: BlueCardThreshold | undefined;
  for (const b of all) {
    if (b.country !== country) continue;
    if (!best || b.year > best.year || (b.year === best.year && annualThreshold(b, false) > annualThreshold(best, false))) best = b;
  }
  return best;
}

// The explanation of a match, as services/talent/matching stores it.

export interface Factor {
  factor: 'essential_skills' | 'optional_skills' | 'languages' | string;
  weight: number;
  value: number;
  points: number;
}

export interface SkillResult {
  skill: string;
  essential: boolean;
  min_level?: number;
  credit: number;
  via?: string;
  relation?: 'same' | 'narrower' | 'broader';
  evidence?: Evidence;
  level_met: boolean;
  sources?: string[];
}

export interface Constraint {
  constraint: 'location' | 'work_authorisation' | 'start_date' | 'language' | string;
  met: boolean;
  reason: string;
}

export interface Match {
  version: string;
  score: number;
  eligible: boolean;
  factors: Factor[];
  skills: SkillResult[];
  missing_essential: string[];
  missing_optional: string[];
  constraints: Constraint[];
}

// The learner's side.

export interface CredentialSource {
  credential_id: string;
  title: string;
  verify_url: string;
}

export interface VerifiedSkill {
  skill: string;
  label: string;
  level: number;
  evidence: Evidence;
  sources: CredentialSource[];
}

export interface DeclaredSkill {
  skill: string;
  label: string;
  level: number;
}

export interface WorkAuthorisation {
  right_to_work: string[];
  needs_permit: boolean;
}

export interface Visibility {
  headline: boolean;
  languages: boolean;
  location: boolean;
  availability: boolean;
  self_declared: boolean;
}

/** An imported credential: it counts while its status is "verified" (or empty, for imports older than statuses); otherwise the status is the reason it stopped. */
export interface Import {
  id: string;
  issuer: string;
  title: string;
  achievement?: string;
  skills: Ref[];
  verified_at: string;
  status?: string;
  checked_at?: string;
  outcome?: string;
  reason?: string;
}

/** Whether an import counts as evidence now. */
export function importCounts(imp: Import): boolean {
  return !imp.status || imp.status === 'verified';
}

/** The fields of a profile its owner edits. */
export interface ProfileFields {
  headline: string;
  occupations: Ref[];
  self_declared: DeclaredSkill[];
  languages: Language[];
  country: string;
  places: string[];
  remote: boolean;
  available_from: string;
  work_authorisation: WorkAuthorisation;
  visible: Visibility;
}

/** GET /me/talent. */
export interface Profile extends ProfileFields {
  in_pool: boolean;
  consent: { version: string; given_at: string } | null;
  version: number;
  skills: VerifiedSkill[];
  imports: Import[];
}

export interface Company {
  id: string;
  name: string;
}

export interface Pay {
  min: number;
  max: number;
  currency: string;
  period: PayPeriod;
}

export interface OpeningSummary {
  id: string;
  title: string;
  company: Company;
  occupation: Ref | null;
  country: string;
  city: string;
  remote_policy: RemotePolicy;
  permit_support: boolean;
  pay: Pay;
  start_date: string;
  status: 'draft' | 'open' | 'closed';
}

export interface Gap {
  skill: string;
  label: string;
  essential: boolean;
  courses: { slug: string; title: string }[];
}

export interface LearnerMatch {
  opening: OpeningSummary;
  match: Match;
  gaps: Gap[];
}

export interface Contact {
  id: string;
  company: Company;
  opening: OpeningSummary | null;
  message: string;
  status: 'pending' | 'accepted' | 'declined';
  created_at: string;
  answered_at?: string;
}

export interface AccessEntry {
  company: Company;
  action: 'viewed' | 'contacted' | 'decided';
  at: string;
}

interface Items<T> {
  items: T[];
}

export function getNotice(signal?: AbortSignal): Promise<Notice> {
  return api.get<Notice>('/talent/notice', { signal });
}

export function getMatchingRules(signal?: AbortSignal): Promise<MatchingRules> {
  return api.get<MatchingRules>('/talent/matching', { signal });
}

export async function getBlueCardThresholds(signal?: AbortSignal): Promise<BlueCardThreshold[]> {
  return (await api.get<{ thresholds: BlueCardThreshold[] }>('/talent/bluecard', { signal })).thresholds;
}

export function getProfile(signal?: AbortSignal): Promise<Profile> {
  return api.get<Profile>('/me/talent', { signal });
}

/** Joins the pool under the notice of this version. */
export function giveConsent(noticeVersion: string): Promise<Profile> {
  return api.post<Profile>('/me/talent/consent', { notice_version: noticeVersion });
}

/** Leaves the pool: the card leaves every company's lists. */
export function withdrawConsent(): Promise<Profile> {
  return api.delete<Profile>('/me/talent/consent');
}

export function updateProfile(fields: ProfileFields, version: number): Promise<Profile> {
  return api.put<Profile>('/me/talent', { ...fields, version });
}

export function importCredential(credential: string): Promise<Import> {
  return api.post<Import>('/me/talent/imports', { credential });
}

export function deleteImport(id: string): Promise<void> {
  return api.delete<void>(`/me/talent/imports/${path(id)}`);
}

export async function listMyMatches(signal?: AbortSignal): Promise<LearnerMatch[]> {
  return (await api.get<Items<LearnerMatch>>('/me/talent/matches', { signal })).items;
}

export function contestMatch(openingID: string, message: string): Promise<unknown> {
  return api.post(`/me/talent/matches/${path(openingID)}/contest`, { message });
}

export async function listMyContacts(signal?: AbortSignal): Promise<Contact[]> {
  return (await api.get<Items<Contact>>('/me/talent/contacts', { signal })).items;
}

export function answerContact(id: string, answer: 'accept' | 'decline'): Promise<Contact> {
  return answer === 'accept'
    ? api.post<Contact>(`/me/talent/contacts/${path(id)}/accept`)
    : api.post<Contact>(`/me/talent/contacts/${path(id)}/decline`);
}

export async function getAccessLog(signal?: AbortSignal): Promise<AccessEntry[]> {
  return (await api.get<Items<AccessEntry>>('/me/talent/access-log', { signal })).items;
}

// The company's side.

export interface OpeningSkill {
  skill: string;
  label: string;
  essential: boolean;
  min_level: number;
}

/** The fields of an opening its company edits. */
export interface OpeningFields {
  title: string;
  description: string;
  occupation: Ref | null;
  skills: OpeningSkill[];
  languages: Language[];
  country: string;
  city: string;
  remote_policy: RemotePolicy;
  permit_support: boolean;
  pay: Pay;
  start_date: string;
}

export interface Opening extends OpeningSummary, Omit<OpeningFields, 'occupation'> {
  version: number;
  bluecard: { country: string; year: number; threshold: number; meets: boolean; source: string } | null;
}

export interface CardSkill {
  skill: string;
  label: string;
  evidence: Evidence;
  verify_urls: string[];
}

/** A pseudonymous candidate as a company sees them; what the learner hid is absent. */
export interface Card {
  pseudonym: string;
  headline?: string;
  occupations: Ref[];
  skills: CardSkill[];
  languages?: Language[];
  country?: string;
  remote?: boolean;
  available_from?: string;
  work_authorisation: WorkAuthorisation;
  identity: { name: string; email: string } | null;
}

export interface Decision {
  decision: DecisionKind;
  reason?: string;
  by: string;
  at: string;
}

export interface RankedCandidate {
  candidate: Card;
  match: Match;
  decision: Decision | null;
}

export interface CandidateDetail extends Card {
  matches?: { opening: OpeningSummary; match: Match }[];
}

export interface TalentSearch {
  q?: string;
  skills?: string[];
  occupation?: string;
  country?: string;
  language?: string;
  work_authorisation?: string;
  available_by?: string;
  offset?: number;
  limit?: number;
}

/** The facets talent search counts, in the order the page shows them. */
export const TALENT_FACETS = ['skills', 'occupation', 'country', 'language', 'work_authorisation'] as const;
export type TalentFacet = (typeof TALENT_FACETS)[number];

export interface TalentResults {
  items: Card[];
  total: number;
  facets: Partial<Record<TalentFacet, Record<string, number>>>;
}

export interface Contest {
  id: string;
  pseudonym: string;
  opening: OpeningSummary;
  message: string;
  created_at: string;
}


export function createOpening(orgID: string, fields: OpeningFields): Promise<Opening> {
  return api.post<Opening>(`/orgs/${path(orgID)}/openings`, fields);
}

export function listOpenings(
  orgID: string,
  status?: string,
  cursor?: string,
  signal?: AbortSignal,
): Promise<Page<OpeningSummary>> {
  return api.get<Page<OpeningSummary>>(`/orgs/${path(orgID)}/openings`, { query: { status, cursor }, signal });
}

export function getOpening(orgID: string, openingID: string, signal?: AbortSignal): Promise<Opening> {
  return api.get<Opening>(`/orgs/${path(orgID)}/openings/${path(openingID)}`, { signal });
}

export function updateOpening(orgID: string, openingID: string, fields: OpeningFields, version: number): Promise<Opening> {
  return api.put<Opening>(`/orgs/${path(orgID)}/openings/${path(openingID)}`, { ...fields, version });
}

export function publishOpening(orgID: string, openingID: string): Promise<Opening> {
  return api.post<Opening>(`/orgs/${path(orgID)}/openings/${path(openingID)}/publish`);
}

export function closeOpening(orgID: string, openingID: string): Promise<Opening> {
  return api.post<Opening>(`/orgs/${path(orgID)}/openings/${path(openingID)}/close`);
}

export function listOpeningMatches(
  orgID: string,
  openingID: string,
  cursor?: string,
  signal?: AbortSignal,
): Promise<Page<RankedCandidate>> {
  return api.get<Page<RankedCandidate>>(`/orgs/${path(orgID)}/openings/${path(openingID)}/matches`, { query: { cursor }, signal });
}

export function decide(orgID: string, openingID: string, pseudonym: string, decision: DecisionKind, reason: string): Promise<Decision> {
  return api.put<Decision>(`/orgs/${path(orgID)}/openings/${path(openingID)}/decisions/${path(pseudonym)}`, { decision, reason: reason || undefined });
}

/** Searches the talent index; the API takes each filter's values comma-separated. */
export function searchTalent(orgID: string, query: TalentSearch, signal?: AbortSignal): Promise<TalentResults> {
  const { skills, ...rest } = query;
  return api.get<TalentResults>(`/orgs/${path(orgID)}/talent/search`, { query: { ...rest, skills: skills?.join(',') }, signal });
}

export function getCandidate(orgID: string, pseudonym: string, signal?: AbortSignal): Promise<CandidateDetail> {
  return api.get<CandidateDetail>(`/orgs/${path(orgID)}/talent/candidates/${path(pseudonym)}`, { signal });
}

export function contactCandidate(orgID: string, pseudonym: string, message: string, openingID?: string): Promise<Contact> {
  return api.post<Contact>(`/orgs/${path(orgID)}/talent/candidates/${path(pseudonym)}/contact`, {
    message,
    opening_id: openingID || undefined,
  });
}

export async function listContests(orgID: string, signal?: AbortSignal): Promise<Contest[]> {
  return (await api.get<Items<Contest>>(`/orgs/${path(orgID)}/talent/contests`, { signal })).items;
}

// ESCO occupations, from the catalogue.

export interface OccupationSummary {
  id: string;
  code: string;
  label: string;
  essential_count: number;
  optional_count: number;
}

export interface Occupation extends OccupationSummary {
  description: string;
  essential: { id: string; label: string }[];
  optional: { id: string; label: string }[];
}

export async function findOccupations(q: string, signal?: AbortSignal): Promise<OccupationSummary[]> {
  return (await api.get<Items<OccupationSummary>>('/occupations', { query: { q, limit: 10 }, signal })).items;
}

export function getOccupation(id: string, lang: string, signal?: AbortSignal): Promise<Occupation> {
  return api.get<Occupation>(`/occupations/${path(id)}`, { query: { lang }, signal });
}
