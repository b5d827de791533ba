import { saveBlob } from '../lib/files';
import { api } from './client';
import type { Attempt, Institution, Intake, Moderation, Page, Skill, SkillRef, Tuition } from './types';

// The staff console's endpoints: organisations, authoring courses and programmes, gradebooks.

/** An organisation the caller belongs to, with their role in it. */
export interface Org {
  id: string;
  kind: 'university' | 'provider' | 'company' | string;
  name: string;
  slug: string;
  country: string;
  verified: boolean;
  role?: 'owner' | 'staff' | 'member' | string;
  website?: string;
  description?: string;
  logo_url?: string;
  /** What its owners submitted to be verified; shown to members and administrators. */
  evidence?: OrgEvidence;
  /** Why an administrator declined to verify it, or withdrew its verification, until new evidence is submitted. */
  rejection_reason?: string;
  /** Its state, shown to members and administrators. */
  state?: 'pending' | 'verified' | 'rejected' | 'suspended';
  /** Why an administrator suspended it: its people cannot act for it meanwhile. */
  suspension_reason?: string;
}

/** The evidence an administrator checks before verifying an organisation. */
export interface OrgEvidence {
  registration_number: string;
  email_domain: string;
  submitted_at?: string;
}

/** POST /orgs body. */
export interface NewOrg {
  kind: string;
  name: string;
  country: string;
  website?: string;
  description?: string;
  logo_url?: string;
}

/** Creates an organisation, unverified, owned by the caller. */
export function createOrg(body: NewOrg): Promise<Org> {
  return api.post<Org>('/orgs', body);
}

/** Submits or replaces the evidence of an unverified organisation (owners). */
export function submitEvidence(orgID: string, body: OrgEvidence): Promise<Org> {
  return api.put<Org>(`/orgs/${encodeURIComponent(orgID)}/evidence`, body);
}

/** A member of an organisation. */
export interface OrgMember {
  user_id: string;
  email: string;
  display_name: string;
  role: 'owner' | 'staff' | string;
  joined_at: string;
}

export function listOrgMembers(orgID: string, signal?: AbortSignal): Promise<OrgMember[]> {
  return all((cursor) => api.get<Page<OrgMember>>(`/orgs/${encodeURIComponent(orgID)}/members`, { query: { limit: 100, cursor }, signal }));
}

/** Makes a member owner or staff; the last owner is refused (409 last-owner). */
export function setMemberRole(orgID: string, userID: string, role: string): Promise<OrgMember> {
  return api.put<OrgMember>(`/orgs/${encodeURIComponent(orgID)}/members/${encodeURIComponent(userID)}/role`, { role });
}

/** The fields of an institution profile its staff edit. */
export interface InstitutionProfileInput {
  name: string;
  kind: string;
  country: string;
  city: string;
  website: string;
  logo_url: string;
  description: string;
}

export function getInstitution(slug: string, signal?: AbortSignal): Promise<Institution> {
  return api.get<Institution>(`/institutions/${encodeURIComponent(slug)}`, { signal });
}

/** Saves the profile; organisation_id names the organisation when the profile does not exist yet. */
export function putInstitution(slug: string, body: InstitutionProfileInput & { organisation_id?: string }): Promise<Institution> {
  return api.put<Institution>(`/institutions/${encodeURIComponent(slug)}`, body);
}

/** Whether the caller manages the organisation's team learning: owners and staff of a verified, unsuspended company. */
export function canManageTeam(org: Org): boolean {
  return org.kind === 'company' && org.verified && org.state !== 'suspended' && (org.role === 'owner' || org.role === 'staff');
}

/** Whether the caller may author for the organisation: owners and staff of a verified, unsuspended university or provider. */
export function canAuthor(org: Org): boolean {
  return org.kind !== 'company' && org.verified && org.state !== 'suspended' && (org.role === 'owner' || org.role === 'staff');
}

/** Whether the caller may recruit for the organisation: owners and staff of a verified company. */
export function canRecruit(org: Org): boolean {
  return org.kind === 'company' && org.verified && org.state !== 'suspended' && (org.role === 'owner' || org.role === 'staff');
}

/** A course's descriptive fields, as staff write them. */
export interface CourseFields {
  title: string;
  summary: string;
  /** Markdown. */
  description: string;
  language: string;
  level: string;
  eqf_level: number;
  workload_hours: number;
  ects: number;
  instructors: string[];
  skills: SkillRef[];
  prerequisites: string[];
  pass_mark: number;
  learning_outcomes: string[];
  assessment_type: string;
  participation: string;
  quality_assurance: string;
  /** Completing the course earns a credential (an EU micro-credential). */
  credential: boolean;
}

/** POST /courses and PATCH /courses/:slug body. */
export interface CourseInput extends CourseFields {
  slug: string;
  institution: string;
}

/** An option of a choice question, with whether it is right. */
export interface AuthoredOption {
  id: string;
  text: string;
  correct?: boolean;
  feedback?: string;
}

/** A left-hand text of a matching question with its right-hand match. */
export interface AuthoredPair {
  id: string;
  left: string;
  right: string;
}

/** An element of an ordering question; a question lists them in the right order. */
export interface AuthoredItem {
  id: string;
  text: string;
}

/** A blank of a cloze text: free text with accepted answers, or a choice among options whose right one is answer. */
export interface AuthoredGap {
  id: string;
  answers?: string[];
  options?: string[];
  answer?: string;
}

/** A level of performance on a rubric criterion, with the points it earns. */
export interface RubricLevel {
  points: number;
  description: string;
}

/** A line of an essay's marking rubric. */
export interface RubricCriterion {
  criterion: string;
  points: number;
  levels?: RubricLevel[];
}

/** The nine question types the API grades. */
export type AuthoredType =
  | 'single_choice'
  | 'multiple_response'
  | 'true_false'
  | 'numeric'
  | 'short_answer'
  | 'matching'
  | 'ordering'
  | 'cloze'
  | 'essay';

/** A question as authored, answers included; which type-specific fields apply depends on type. */
export interface AuthoredQuestion {
  id: string;
  type: AuthoredType;
  prompt: string;
  points?: number;
  explanation?: string;
  /** The id of the assessment's group this question belongs to; a group's questions follow one another. */
  group?: string;
  options?: AuthoredOption[];
  penalty?: number;
  correct?: boolean;
  answer?: number;
  tolerance?: number;
  tolerance_mode?: string;
  units?: { unit: string; multiplier: number }[];
  unit_required?: boolean;
  answers?: string[];
  pattern?: string;
  case_sensitive?: boolean;
  pairs?: AuthoredPair[];
  distractors?: string[];
  items?: AuthoredItem[];
  partial?: boolean;
  text?: string;
  gaps?: AuthoredGap[];
  rubric?: RubricCriterion[];
  min_words?: number;
  max_words?: number;
}

/** Questions sharing a stem (Markdown), kept together and in order when questions are shuffled or drawn. */
export interface QuestionGroup {
  id: string;
  stem?: string;
}

/** A quiz or exam as authored. */
export interface AuthoredAssessment {
  title: string;
  kind: 'assessment';
  pass_mark: number;
  attempts_allowed?: number;
  time_limit_minutes?: number;
  shuffle_questions?: boolean;
  shuffle_options?: boolean;
  draw?: number;
  feedback: string;
  show_correct_answers?: boolean;
  groups?: QuestionGroup[];
  questions: AuthoredQuestion[];
}

/** A lesson or assessment of a module, as PUT /courses/:slug/tree takes it. */
export interface TreeItem {
  id: string;
  kind: 'lesson' | 'assessment';
  title: string;
  required: boolean;
  body?: string;
  video_url?: string;
  reading_minutes?: number;
  assessment?: AuthoredAssessment;
}

/** A module of a course's structure. */
export interface TreeModule {
  id: string;
  title: string;
  summary: string;
  items: TreeItem[];
}

/** PUT /courses/:slug/tree body: the course's whole structure. */
export interface Tree {
  modules: TreeModule[];
}

/** A course as stored: its draft and, once published, its latest version. */
export interface CourseRecord {
  id: string;
  slug: string;
  institution: string;
  institution_id: string;
  status: 'draft' | 'published' | 'archived' | string;
  draft: CourseFields & { tree: Tree };
  published?: CourseFields & { tree: Tree; version: number; published_at: string };
  created_at: string;
  updated_at: string;
}

/** GET /courses/:slug?draft=true: the draft with its structure, answers included. */
export interface DraftCourse extends CourseFields {
  id: string;
  slug: string;
  institution: string;
  institution_name: string;
  status: string;
  /** Set while an administrator keeps the course unpublished. */
  moderation?: Moderation;
  modules: (Omit<TreeModule, 'items'> & { items: (TreeItem & { assessment_summary?: unknown })[] })[];
}

/** A course in the staff list: its latest published version, or its draft when never published (version 0). */
export interface StaffCourseSummary {
  id: string;
  slug: string;
  institution: string;
  title: string;
  summary: string;
  language: string;
  level: string;
  eqf_level: number;
  credential: boolean;
  version: number;
  published_at: string;
}

/** POST /programmes and PATCH /programmes/:slug body. */
export interface ProgrammeInput {
  slug: string;
  title: string;
  institution: string;
  cycle: string;
  field_of_study: string;
  ects: number;
  eqf_level: number;
  duration_semesters: number;
  study_mode: string;
  delivery: string;
  languages: string[];
  language_requirement: string;
  country: string;
  city: string;
  intakes: Intake[];
  tuition: Tuition[];
  scholarships: string;
  joint_degree: boolean;
  skills: string[];
  url: string;
  summary: string;
}

/** A programme as staff see it, draft or published. */
export interface ProgrammeRecord extends ProgrammeInput {
  id: string;
  institution_id: string;
  status: 'draft' | 'published' | 'archived' | string;
  sample: boolean;
  published_at?: string;
}

/** A programme in the staff list. */
export interface StaffProgrammeSummary {
  id: string;
  slug: string;
  title: string;
  institution: string;
  cycle: string;
  status: string;
}

/** A skill found by the start of a label, labelled in the language asked for. */
export interface FoundSkill extends Skill {
  label: string;
}

/** One learner's row of a gradebook. */
export interface GradebookRow {
  enrolment_id: string;
  learner_id: string;
  /** The learner's display name and email, as on their account; empty when the account is gone. */
  learner_name: string;
  learner_email: string;
  version: number;
  status: string;
  /** awaiting_grading while an answer waits for staff, passed once completed, failed while a graded assessment is below its pass mark. */
  standing: 'passed' | 'failed' | 'in_progress' | 'awaiting_grading';
  cohort?: string;
  enrolled_at: string;
  progress_percent: number;
  grade_percent: number;
  completion?: { id: string; grade_percent: number; completed_at: string };
  cells: { in_version: boolean; done: boolean; best_percent?: number; graded_attempts?: number }[];
}

/** A page of a course's gradebook: one column per item, one row per learner. */
export interface Gradebook {
  course_id: string;
  course_slug: string;
  course_title: string;
  columns: { ref: string; module_id: string; item_id: string; title: string; kind: string; required: boolean }[];
  rows: GradebookRow[];
  next_cursor?: string;
}

/** An attempt as a learner's record lists it for staff. */
export interface StaffAttempt {
  id: string;
  item: string;
  title: string;
  number: number;
  status: string;
  started_at: string;
  submitted_at?: string;
  percent?: number;
  passed?: boolean;
  review_open: boolean;
}

/** A learner's gradebook row with their attempts, for staff. */
export interface LearnerRecord {
  course_slug: string;
  course_title: string;
  columns: Gradebook['columns'];
  learner: GradebookRow;
  attempts: StaffAttempt[];
}

/** A change of a graded attempt in its audit trail. */
export interface AuditEntry {
  id: string;
  rev: number;
  kind: 'override' | 'manual_grade' | 'review_reply';
  question_id: string;
  actor_id: string;
  at: string;
  old_score: number;
  new_score: number;
  old_percent: number;
  new_percent: number;
  reason?: string;
  rubric_scores?: number[];
  comment?: string;
}

/** An attempt whose learner asked for a review. */
export interface ReviewItem {
  id: string;
  item: string;
  number: number;
  status: string;
  percent?: number;
  learner_id: string;
  learner_name: string;
  title: string;
  review_request: { message: string; requested_at: string };
}

/** An attempt with an answer only staff can grade. */
export interface AwaitingItem {
  attempt_id: string;
  learner_id: string;
  learner_name: string;
  item: string;
  title: string;
  number: number;
  submitted_at: string;
}

export function listAwaitingGrading(slug: string, signal?: AbortSignal): Promise<AwaitingItem[]> {
  return all((cursor) => api.get<Page<AwaitingItem>>(`/courses/${path(slug)}/awaiting-grading`, { query: { limit: 100, cursor }, signal }));
}

/** A cohort of a course: learners taking it between two dates. */
export interface Cohort {
  id: string;
  name: string;
  starts_at: string;
  ends_at: string;
}

/** A count on one day (YYYY-MM-DD). */
export interface DayCount {
  day: string;
  count: number;
}

/** A question's difficulty (share right, 0–1) and point-biserial discrimination (−1–1). */
export interface QuestionStats {
  question_id: string;
  attempts: number;
  correct: number;
  difficulty: number;
  mean_score: number;
  discrimination?: number;
}

/** What a course's results say, from the insight read model. */
export interface CourseInsight {
  course_id: string;
  course_slug: string;
  enrolments: number;
  completions: number;
  credentials: number;
  enrolments_by_day: DayCount[];
  completions_by_day: DayCount[];
  credentials_by_day: DayCount[];
  assessments: {
    item: string;
    title: string;
    graded: number;
    passed: number;
    pass_rate: number;
    mean_percent: number;
    /** Graded attempts by grade in tenths: 0–10 %, …, 90–100 %. */
    histogram: number[];
    questions: QuestionStats[];
  }[];
}

export function getCourseInsight(slug: string, signal?: AbortSignal): Promise<CourseInsight> {
  return api.get<CourseInsight>(`/courses/${path(slug)}/insight`, { signal });
}

/** A credential as staff see it after an action on it. */
export interface StaffCredential {
  id: string;
  name: string;
  issuer_name: string;
  status: string;
  issued_at: string;
}

const path = (s: string) => encodeURIComponent(s);

/** Every page of a list, in order. */
async function all<T>(load: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await load(cursor);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

/** The organisations the caller belongs to. */
export function listMyOrgs(signal?: AbortSignal): Promise<Org[]> {
  return all((cursor) => api.get<Page<Org>>('/orgs', { query: { limit: 100, cursor }, signal }));
}

/** Leaves the organisation; its last owner is refused (409 last-owner). */
export function leaveOrg(orgID: string): Promise<void> {
  return api.delete<void>(`/orgs/${encodeURIComponent(orgID)}/members/me`);
}

/** A pending invitation, as the organisation's owners see it: the address, never an account. */
export interface OrgInvitation {
  id: string;
  email: string;
  role: 'owner' | 'staff' | string;
  status: string;
  created_at: string;
  expires_at: string;
}

/** Invites an address to join the organisation; the answer never tells whether an account uses it. */
export function inviteMember(orgID: string, body: { email: string; role: string }): Promise<OrgInvitation> {
  return api.post<OrgInvitation>(`/orgs/${encodeURIComponent(orgID)}/invitations`, body);
}

export function listOrgInvitations(orgID: string, signal?: AbortSignal): Promise<OrgInvitation[]> {
  return all((cursor) =>
    api.get<Page<OrgInvitation>>(`/orgs/${encodeURIComponent(orgID)}/invitations`, { query: { limit: 100, cursor }, signal }),
  );
}

export function revokeInvitation(orgID: string, id: string): Promise<void> {
  return api.delete<void>(`/orgs/${encodeURIComponent(orgID)}/invitations/${encodeURIComponent(id)}`);
}

/** An institution's courses of every status (drafts included), for its staff. */
export function listStaffCourses(institution: string, signal?: AbortSignal): Promise<StaffCourseSummary[]> {
  return all((cursor) =>
    api.get<Page<StaffCourseSummary>>('/courses', { query: { institution, status: 'all', limit: 100, cursor }, signal }),
  );
}

/** An institution's programmes of every status, for its staff. */
export function listStaffProgrammes(institution: string, signal?: AbortSignal): Promise<StaffProgrammeSummary[]> {
  return all((cursor) =>
    api.get<Page<StaffProgrammeSummary>>('/programmes', { query: { institution, status: 'all', limit: 100, cursor }, signal }),
  );
}

export function getDraftCourse(slug: string, signal?: AbortSignal): Promise<DraftCourse> {
  return api.get<DraftCourse>(`/courses/${path(slug)}`, { query: { draft: true }, signal });
}

export function createCourse(input: CourseInput): Promise<CourseRecord> {
  return api.post<CourseRecord>('/courses', input);
}

/** Replaces the fields given in the course's draft. */
export function updateCourse(slug: string, fields: Partial<CourseInput>): Promise<CourseRecord> {
  return api.patch<CourseRecord>(`/courses/${path(slug)}`, fields);
}

export function putCourseTree(slug: string, tree: Tree): Promise<CourseRecord> {
  return api.put<CourseRecord>(`/courses/${path(slug)}/tree`, tree);
}

export function publishCourse(slug: string): Promise<CourseRecord> {
  return api.post<CourseRecord>(`/courses/${path(slug)}/publish`);
}

export function getStaffProgramme(slug: string, signal?: AbortSignal): Promise<ProgrammeRecord> {
  return api.get<ProgrammeRecord>(`/programmes/${path(slug)}`, { signal });
}

export function createProgramme(input: ProgrammeInput): Promise<ProgrammeRecord> {
  return api.post<ProgrammeRecord>('/programmes', input);
}

export function updateProgramme(slug: string, fields: Partial<ProgrammeInput>): Promise<ProgrammeRecord> {
  return api.patch<ProgrammeRecord>(`/programmes/${path(slug)}`, fields);
}

export function publishProgramme(slug: string): Promise<ProgrammeRecord> {
  return api.post<ProgrammeRecord>(`/programmes/${path(slug)}/publish`);
}

/** POST /programmes/:slug/duplicate body: the copy's slug and its one intake. */
export interface DuplicateProgrammeInput {
  slug: string;
  intake: Intake;
}

/** Copies a programme into a new, unpublished draft for another intake. */
export function duplicateProgramme(slug: string, input: DuplicateProgrammeInput): Promise<ProgrammeRecord> {
  return api.post<ProgrammeRecord>(`/programmes/${path(slug)}/duplicate`, input);
}

/** Skills whose label starts with q, labelled in lang. */
export function findSkills(q: string, lang: string, signal?: AbortSignal): Promise<Page<FoundSkill>> {
  return api.get<Page<FoundSkill>>('/skills', { query: { q, lang, limit: 10 }, signal });
}

/** Which learners a gradebook shows: a standing, a cohort's name and words of their name or email; empty means any. */
export interface GradebookFilter {
  standing: string;
  cohort: string;
  search: string;
}

/** A page of a course's gradebook, filtered on the server over the whole course. */
export function getGradebook(slug: string, filter: GradebookFilter, cursor?: string, signal?: AbortSignal): Promise<Gradebook> {
  const query = { limit: 50, cursor, standing: filter.standing || undefined, cohort: filter.cohort || undefined, q: filter.search.trim() || undefined };
  return api.get<Gradebook>(`/courses/${path(slug)}/gradebook`, { query, signal });
}

/** Downloads a course's whole gradebook as the CSV file the server names. */
export async function downloadGradebook(slug: string): Promise<void> {
  const { blob, filename } = await api.download(`/courses/${path(slug)}/gradebook.csv`);
  saveBlob(blob, filename);
}

export function getLearnerRecord(slug: string, learnerID: string, signal?: AbortSignal): Promise<LearnerRecord> {
  return api.get<LearnerRecord>(`/courses/${path(slug)}/learners/${path(learnerID)}/attempts`, { signal });
}

export function getAttemptAudit(attemptID: string, signal?: AbortSignal): Promise<AuditEntry[]> {
  return all((cursor) => api.get<Page<AuditEntry>>(`/attempts/${path(attemptID)}/audit`, { query: { limit: 100, cursor }, signal }));
}

export function overrideScore(attemptID: string, body: { question_id: string; score: number; reason: string }): Promise<Attempt> {
  return api.post<Attempt>(`/attempts/${path(attemptID)}/override`, body);
}

export function gradeEssay(
  attemptID: string,
  questionID: string,
  body: { rubric_scores?: number[]; score?: number; comment?: string },
): Promise<Attempt> {
  return api.post<Attempt>(`/attempts/${path(attemptID)}/questions/${path(questionID)}/manual-grade`, body);
}

export function replyToReview(attemptID: string, reply: string): Promise<Attempt> {
  return api.post<Attempt>(`/attempts/${path(attemptID)}/review-request/reply`, { reply });
}

export function listReviewRequests(slug: string, signal?: AbortSignal): Promise<ReviewItem[]> {
  return all((cursor) => api.get<Page<ReviewItem>>(`/courses/${path(slug)}/review-requests`, { query: { limit: 100, cursor }, signal }));
}

export function listCohorts(slug: string, signal?: AbortSignal): Promise<Cohort[]> {
  return api.get<Cohort[]>(`/courses/${path(slug)}/cohorts`, { signal });
}

export function createCohort(slug: string, body: { name: string; starts_at: string; ends_at: string }): Promise<Cohort> {
  return api.post<Cohort>(`/courses/${path(slug)}/cohorts`, body);
}

/**
 * The credential a learner holds for a course of the organisation. A learner holds
 * at most one per course, so this returns the one their completion earned; were it
 * not issued yet, it is issued now with the completion's grade and date.
 */
export function credentialForCompletion(
  orgID: string,
  award: { learner_id: string; course_id: string; grade?: number; completed_at?: string },
): Promise<StaffCredential> {
  return api.post<StaffCredential>(`/orgs/${path(orgID)}/credentials`, award);
}
