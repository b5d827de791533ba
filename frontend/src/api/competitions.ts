import { api, type UploadProgress } from './client';
import type { Moderation, Page } from './types';

// The competitions endpoints: the public list and page, taking part, and hosting.

/** Where a competition stands; drafts are seen by their host only. */
export type CompetitionStatus = 'draft' | 'upcoming' | 'running' | 'finalising' | 'finished';

/** The statuses the public list filters by. */
export const LISTED_STATUSES = ['running', 'upcoming', 'finished'] as const;

export type ListedStatus = (typeof LISTED_STATUSES)[number];

export interface CompetitionHost {
  kind: 'org' | 'platform';
  org_id?: string;
  name: string;
  slug?: string;
}

export interface CompetitionSkill {
  id: string;
  label: string;
}

/** A competition as lists show it. */
export interface CompetitionSummary {
  /** Set while an administrator keeps the competition unpublished; only its hosts see it. */
  moderation?: Moderation;
  id: string;
  slug: string;
  title: string;
  summary: string;
  host: CompetitionHost;
  level: string;
  skills: CompetitionSkill[];
  tags: string[];
  languages: string[];
  status: CompetitionStatus;
  start_at: string;
  end_at: string;
  metric: string;
  teams: number;
  /** A sample competition seeded to show how things work. */
  sample: boolean;
}

export interface Phase {
  id: string;
  title: string;
  start_at: string;
  end_at: string;
  daily_limit: number;
  metric: string;
  direction: 'higher' | 'lower';
  public_rows?: number;
  private_rows?: number;
  /** How the phase is scored, shown to its host only. */
  evaluation?: PhaseInput;
  /** The phase's solution as the server read it, shown to its host only once uploaded. */
  solution?: SolutionInfo;
}

/** A data file participants download once they have accepted the rules. */
export interface CompetitionFile {
  name: string;
  size: number;
  content_type: string;
  description: string;
}

/** A short-lived link that downloads a file without the session's token: a page navigates to it. */
export interface DownloadLink {
  url: string;
  expires_at: string;
}

/** The signed-in caller's part in a competition. */
export interface CompetitionMe {
  joined: boolean;
  accepted_rules_at?: string;
  team_id?: string;
  is_host: boolean;
}

/** A placement a final rank earns: the first top_ranks teams, or the first top_percent % of them. */
export interface PlacementTier {
  id: string;
  name: string;
  top_ranks?: number;
  top_percent?: number;
}

/** A competition's page. */
export interface Competition extends CompetitionSummary {
  overview: string;
  rules: string;
  prizes: string;
  data_licence: string;
  forum_url?: string;
  entry_deadline?: string;
  merger_deadline?: string;
  team_size_limit: number;
  daily_limit: number;
  total_limit?: number;
  final_selections: number;
  /** The placements awarded at the end, tried in order. */
  placement_tiers: PlacementTier[];
  /** The host's own tiers (none: the default ones); to the host only. */
  tiers?: PlacementTier[];
  eligibility: 'open' | 'org_members';
  phases: Phase[];
  files: CompetitionFile[];
  /** The version a host's edit is made against. */
  version: number;
  me?: CompetitionMe;
}

export type Board = 'public' | 'private';

export interface LeaderboardEntry {
  rank: number;
  team_id: string;
  team_name: string;
  score: number;
  entries: number;
  last_submission_at: string;
  is_me: boolean;
  /** On the private board, the rank the team had on the public one: the shake-up. */
  public_rank?: number;
}

/** A host's reference submission, shown on the board without a rank. */
export interface Baseline {
  name: string;
  score: number;
}

export interface Leaderboard {
  phase_id: string;
  board: Board;
  frozen: boolean;
  total: number;
  items: LeaderboardEntry[];
  baselines: Baseline[];
  my_entry?: LeaderboardEntry;
  next_cursor?: string;
}

export interface TeamMember {
  user_id: string;
  name: string;
}

export interface Team {
  id: string;
  name: string;
  members: TeamMember[];
  submissions_today: number;
  daily_limit: number;
  submissions_total: number;
  /** When today's submission count starts again from zero (00:00 UTC). */
  resets_at: string;
  total_limit?: number;
  /** The submissions the team chose for the private board; empty for the default, its best public ones. */
  selected_submission_ids: string[];
  disqualified: boolean;
  disqualified_reason?: string;
}

/** Taking part: the rules accepted and the team one is in. */
export interface Entry {
  competition_id: string;
  accepted_rules_at: string;
  team: Team;
}

export type SubmissionStatus = 'queued' | 'scoring' | 'scored' | 'failed';

export interface Submission {
  id: string;
  phase_id: string;
  team_id: string;
  /** The team the submission counts for, by name. */
  team_name?: string;
  submitted_by: string;
  description: string;
  file_name?: string;
  size: number;
  status: SubmissionStatus;
  /** Submissions ahead of this one, while it is queued. */
  queue_position?: number;
  public_score?: number;
  private_score?: number;
  /** Why scoring failed. */
  reason?: string;
  created_at: string;
  scored_at?: string;
  selected: boolean;
  /** A host's reference submission: scored and shown beside the ranking, never ranked. */
  baseline?: boolean;
  baseline_name?: string;
}

/** What is wrong with a submitted file, where the scorer could tell. */
export interface SubmissionProblem {
  code: string;
  line?: number;
  column?: string;
  message: string;
  /** How many rows have this problem, when it is about rows. */
  count?: number;
  /** The first offending values, such as the ids missing. */
  examples?: string[];
}

/** The problem types the competitions routes answer with, by their code. */
export const PROBLEM = {
  rulesNotAccepted: 'rules-not-accepted',
  invalidSubmission: 'invalid-submission',
  dailyLimitReached: 'daily-limit-reached',
  totalLimitReached: 'total-limit-reached',
  privateBoardHidden: 'private-board-hidden',
  notJoined: 'not-joined',
  editConflict: 'edit-conflict',
  invalidSolution: 'invalid-solution',
} as const;

/** The scorer's built-in metrics, as its scoring package lists them, with the way a score improves. */
export const METRICS = [
  { name: 'accuracy', direction: 'higher' },
  { name: 'balanced_accuracy', direction: 'higher' },
  { name: 'f1_macro', direction: 'higher' },
  { name: 'f1_micro', direction: 'higher' },
  { name: 'log_loss', direction: 'lower' },
  { name: 'roc_auc', direction: 'higher' },
  { name: 'roc_auc_ovr', direction: 'higher' },
  { name: 'rmse', direction: 'lower' },
  { name: 'mae', direction: 'lower' },
  { name: 'rmsle', direction: 'lower' },
  { name: 'r2', direction: 'higher' },
  { name: 'map_at_k', direction: 'higher' },
] as const satisfies readonly { name: string; direction: Phase['direction'] }[];

/** The metric ranked by its K best predictions. */
export const RANKING_METRIC = 'map_at_k';

/** The submitted file's types the scorer reads. */
export const SUBMISSION_ACCEPT = '.csv,.csv.gz,text/csv,application/gzip';

export interface ListQuery {
  status?: ListedStatus;
  cursor?: string;
  limit?: number;
}

export function listCompetitions(query: ListQuery, signal?: AbortSignal): Promise<Page<CompetitionSummary>> {
  return api.get<Page<CompetitionSummary>>('/competitions', { query: { ...query }, signal });
}

export function getCompetition(slug: string, signal?: AbortSignal): Promise<Competition> {
  return api.get<Competition>(`/competitions/${encodeURIComponent(slug)}`, { signal });
}

export interface LeaderboardQuery {
  phase?: string;
  board?: Board;
  cursor?: string;
  limit?: number;
}

export function getLeaderboard(slug: string, query: LeaderboardQuery, signal?: AbortSignal): Promise<Leaderboard> {
  return api.get<Leaderboard>(`/competitions/${encodeURIComponent(slug)}/leaderboard`, { query: { ...query }, signal });
}

/** Accepts the rules and joins as a team of one (201), or returns the entry one already has (200). */
export function joinCompetition(slug: string): Promise<Entry> {
  return api.post<Entry>(`/competitions/${encodeURIComponent(slug)}/entry`, { accept_rules: true });
}

/** The caller's entry; a 404 not-joined when they have not accepted the rules. */
export function getEntry(slug: string, signal?: AbortSignal): Promise<Entry> {
  return api.get<Entry>(`/competitions/${encodeURIComponent(slug)}/entry`, { signal });
}

export function renameTeam(slug: string, name: string): Promise<Team> {
  return api.patch<Team>(`/competitions/${encodeURIComponent(slug)}/team`, { name });
}

export interface SubmitOptions {
  phase?: string;
  description?: string;
  signal?: AbortSignal;
  onProgress?(progress: UploadProgress): void;
}

/** Uploads a prediction file as the request body; the answer (202) is the submission, queued. */
export function submitPredictions(slug: string, file: File, options: SubmitOptions = {}): Promise<Submission> {
  const gzip = file.name.toLowerCase().endsWith('.gz');
  return api.upload<Submission>(`/competitions/${encodeURIComponent(slug)}/submissions`, file, {
    // The name the participant knows the file by, shown in their list of submissions.
    query: { phase: options.phase, description: options.description, file_name: file.name },
    contentType: gzip ? 'application/gzip' : 'text/csv',
    signal: options.signal,
    onProgress: options.onProgress,
  });
}

export function listSubmissions(slug: string, cursor?: string, signal?: AbortSignal): Promise<Page<Submission>> {
  return api.get<Page<Submission>>(`/competitions/${encodeURIComponent(slug)}/submissions`, { query: { cursor }, signal });
}

/**
 * Gets a submission. With waitForFinal, a pending one is answered once scored or failed,
 * or as it stands after about 25 seconds: the server tells the score without the page polling.
 */
export function getSubmission(slug: string, id: string, signal?: AbortSignal, waitForFinal = false): Promise<Submission> {
  return api.get<Submission>(`/competitions/${encodeURIComponent(slug)}/submissions/${encodeURIComponent(id)}`, {
    query: waitForFinal ? { wait: 'final' } : undefined,
    signal,
  });
}

/** Whether a submission has reached its last status. */
export function isFinal(s: Pick<Submission, 'status'>): boolean {
  return s.status === 'scored' || s.status === 'failed';
}

/** The code of a competitions problem ("daily-limit-reached"), from its code member or the end of its type. */
export function problemCode(problem: { type: string } & Record<string, unknown>): string {
  return typeof problem.code === 'string' ? problem.code : (problem.type.split(/[:/]/).pop() ?? '');
}

// Hosting: the staff of the hosting organisation, or platform admins for the platform's own.

export interface EvaluationInput {
  metric: string;
  id_column: string;
  target_column: string;
  k?: number;
  public_fraction?: number;
  seed?: number;
}

export interface PhaseInput {
  id: string;
  title: string;
  start_at: string;
  end_at: string;
  daily_limit?: number;
  evaluation: EvaluationInput;
}

/** What a host writes; a PATCH sends only the fields that changed, with the version it edited. */
export interface CompetitionInput {
  title: string;
  slug: string;
  summary: string;
  overview: string;
  rules: string;
  prizes: string;
  skills: string[];
  level: string;
  languages: string[];
  tags: string[];
  start_at: string;
  end_at: string;
  entry_deadline?: string;
  merger_deadline?: string;
  team_size_limit: number;
  daily_limit: number;
  total_limit?: number;
  final_selections: number;
  /** The host's placement tiers; empty for winner, top 10 % and top 25 %. */
  tiers: PlacementTier[];
  eligibility: 'open' | 'org_members';
  data_licence: string;
  forum_url?: string;
  phases: PhaseInput[];
}

/** The hidden solution as the server read it, with the public/private split. */
export interface SolutionInfo {
  rows: number;
  public_rows: number;
  private_rows: number;
  header: string[];
}

export function createCompetition(orgId: string, input: CompetitionInput): Promise<Competition> {
  return api.post<Competition>(`/orgs/${encodeURIComponent(orgId)}/competitions`, input);
}

export function listOrgCompetitions(orgId: string, cursor?: string, signal?: AbortSignal): Promise<Page<CompetitionSummary>> {
  return api.get<Page<CompetitionSummary>>(`/orgs/${encodeURIComponent(orgId)}/competitions`, { query: { cursor }, signal });
}

/** Saves a host's changes; a 409 edit-conflict means someone saved since version was read. */
export function updateCompetition(slug: string, input: Partial<CompetitionInput>, version: number): Promise<Competition> {
  return api.patch<Competition>(`/competitions/${encodeURIComponent(slug)}`, input, { headers: { 'If-Match': `"${version}"` } });
}

export function putCompetitionFile(slug: string, file: File, description: string, onProgress?: (p: UploadProgress) => void): Promise<CompetitionFile> {
  return api.upload<CompetitionFile>(`/competitions/${encodeURIComponent(slug)}/files/${encodeURIComponent(file.name)}`, file, {
    method: 'PUT',
    query: { description },
    onProgress,
  });
}

export function deleteCompetitionFile(slug: string, name: string): Promise<void> {
  return api.delete<void>(`/competitions/${encodeURIComponent(slug)}/files/${encodeURIComponent(name)}`);
}

export function putSolution(slug: string, phaseId: string, file: File, onProgress?: (p: UploadProgress) => void): Promise<SolutionInfo> {
  return api.upload<SolutionInfo>(`/competitions/${encodeURIComponent(slug)}/phases/${encodeURIComponent(phaseId)}/solution`, file, {
    method: 'PUT',
    contentType: 'text/csv',
    onProgress,
  });
}

/** A download link to a phase's solution; nobody but the host gets one. */
export function solutionLink(slug: string, phaseId: string): Promise<DownloadLink> {
  return api.post<DownloadLink>(`/competitions/${encodeURIComponent(slug)}/phases/${encodeURIComponent(phaseId)}/solution/link`);
}

export function publishCompetition(slug: string): Promise<Competition> {
  return api.post<Competition>(`/competitions/${encodeURIComponent(slug)}/publish`, {});
}

/** Every team's submissions with both scores, for the host. */
export function listHostSubmissions(slug: string, cursor?: string, signal?: AbortSignal): Promise<Page<Submission>> {
  return api.get<Page<Submission>>(`/competitions/${encodeURIComponent(slug)}/host/submissions`, { query: { cursor }, signal });
}

/** Freezes the private board and awards the results (202); only after the end. */
export function finaliseCompetition(slug: string): Promise<void> {
  return api.post<void>(`/competitions/${encodeURIComponent(slug)}/finalise`, {});
}

/** A download link to a data file; the server refuses one (403 rules-not-accepted) until the rules are accepted. */
export function fileLink(slug: string, name: string): Promise<DownloadLink> {
  return api.post<DownloadLink>(`/competitions/${encodeURIComponent(slug)}/files/${encodeURIComponent(name)}/link`);
}

// Teams: invitations, merging and leaving.

export type InvitationStatus = 'pending' | 'accepted' | 'declined';

/** An invitation to join a team; accepting it merges the invitee's own team into it. */
export interface Invitation {
  id: string;
  team_id: string;
  team_name: string;
  invitee_id: string;
  invitee_name: string;
  invited_by: string;
  status: InvitationStatus;
  created_at: string;
  decided_at?: string;
}

/** The invitations my team sent and those I received. */
export interface Invitations {
  sent: Invitation[];
  received: Invitation[];
}

/** The problems a team change answers with, by their code, each explained in the web app's words. */
export const TEAM_PROBLEMS = [
  'team-full',
  'merger-deadline-passed',
  'merge-over-quota',
  'team-has-submissions',
  'alone-in-team',
  'already-in-team',
  'team-merged',
  'team-busy',
  'scoring-in-progress',
  'invitation-decided',
  'teams-closed',
  'team-disqualified',
] as const;

/** Who an invitation is for: a participant's user id or the email address of their account. */
export type Invitee = { user_id: string } | { email: string };

/** Invites a participant to my team (201; 200 when they were invited already). */
export function inviteToTeam(slug: string, invitee: Invitee): Promise<Invitation> {
  return api.post<Invitation>(`/competitions/${encodeURIComponent(slug)}/team/invitations`, invitee);
}

export function listInvitations(slug: string, signal?: AbortSignal): Promise<Invitations> {
  return api.get<Invitations>(`/competitions/${encodeURIComponent(slug)}/team/invitations`, { signal });
}

/** Accepts an invitation: the answer is the team I am in now. */
export function acceptInvitation(slug: string, id: string): Promise<Team> {
  return api.post<Team>(`/competitions/${encodeURIComponent(slug)}/team/invitations/${encodeURIComponent(id)}/accept`, {});
}

export function declineInvitation(slug: string, id: string): Promise<Invitation> {
  return api.post<Invitation>(`/competitions/${encodeURIComponent(slug)}/team/invitations/${encodeURIComponent(id)}/decline`, {});
}

/** Leaves my team for a team of one; refused (409) once the team has submitted. */
export function leaveTeam(slug: string): Promise<Team> {
  return api.post<Team>(`/competitions/${encodeURIComponent(slug)}/team/leave`, {});
}

/** Chooses my team's final submissions for the private board; none goes back to the best public ones. */
export function selectSubmissions(slug: string, ids: string[]): Promise<{ submission_ids: string[] }> {
  return api.put<{ submission_ids: string[] }>(`/competitions/${encodeURIComponent(slug)}/selection`, { submission_ids: ids });
}

// The host's integrity tools: disqualification, flags, the audit log and baselines.

export function disqualifyTeam(slug: string, teamId: string, reason: string): Promise<Team> {
  return api.post<Team>(`/competitions/${encodeURIComponent(slug)}/teams/${encodeURIComponent(teamId)}/disqualification`, { reason });
}

export function reinstateTeam(slug: string, teamId: string, reason: string): Promise<Team> {
  return api.post<Team>(`/competitions/${encodeURIComponent(slug)}/teams/${encodeURIComponent(teamId)}/reinstatement`, { reason });
}

export type AuditAction = 'disqualify' | 'reinstate' | 'dismiss-flag';

/** A host's decision, as the audit log keeps it. */
export interface AuditEntry {
  id: string;
  action: AuditAction;
  team_id?: string;
  flag_id?: string;
  by: string;
  at: string;
  reason: string;
}

export function listAudit(slug: string, cursor?: string, signal?: AbortSignal, limit?: number): Promise<Page<AuditEntry>> {
  return api.get<Page<AuditEntry>>(`/competitions/${encodeURIComponent(slug)}/host/audit`, { query: { cursor, limit }, signal });
}

export type FlagKind = 'near-identical' | 'quick-top-score';

export type FlagDecisionKind = 'dismiss' | 'disqualify';

export interface FlagDecision {
  decision: FlagDecisionKind;
  reason: string;
  by: string;
  at: string;
}

/** Something the integrity check found for the host to decide on. */
export interface Flag {
  id: string;
  kind: FlagKind;
  phase_id: string;
  team_ids: string[];
  team_names: string[];
  user_id?: string;
  /** How much the two teams' predictions agree, from 0 to 1. */
  agreement?: number;
  detail: string;
  detected_at: string;
  decision?: FlagDecision;
}

export interface Flags {
  computed_at?: string;
  /** Scores arrived since the flags were computed: a new computation is due. */
  pending: boolean;
  items: Flag[];
}

export interface FlagDecisionInput {
  decision: FlagDecisionKind;
  reason: string;
  /** Of a pair, the one team to disqualify; both when left out. */
  team_id?: string;
}

export function listFlags(slug: string, signal?: AbortSignal): Promise<Flags> {
  return api.get<Flags>(`/competitions/${encodeURIComponent(slug)}/host/flags`, { signal });
}

/**
 * A flag's id in a path. Flag ids join their parts with colons, which a path segment may
 * hold and which the server reads as they are, not percent-decoded.
 */
function flagSegment(id: string): string {
  return encodeURIComponent(id).replace(/%3A/gi, ':');
}

export function decideFlag(slug: string, flagId: string, input: FlagDecisionInput): Promise<Flag> {
  return api.post<Flag>(`/competitions/${encodeURIComponent(slug)}/host/flags/${flagSegment(flagId)}/decision`, input);
}

export interface BaselineOptions {
  /** The name the board shows; the server's default is Baseline. */
  name?: string;
  phase?: string;
  onProgress?(progress: UploadProgress): void;
}

/** Uploads the host's baseline prediction file (202): scored like a submission, shown unranked. */
export function submitBaseline(slug: string, file: File, options: BaselineOptions = {}): Promise<Submission> {
  const gzip = file.name.toLowerCase().endsWith('.gz');
  return api.upload<Submission>(`/competitions/${encodeURIComponent(slug)}/host/baseline`, file, {
    query: { name: options.name, phase: options.phase, file_name: file.name },
    contentType: gzip ? 'application/gzip' : 'text/csv',
    onProgress: options.onProgress,
  });
}
