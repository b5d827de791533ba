import { api } from './client';
import type { Org } from './console';
import type { Page } from './types';

// The administrators' console: the verification queue, organisations, users, moderation and the audit log.

/** The states an administrator filters organisations by. */
export type OrgState = 'pending' | 'verified' | 'rejected' | 'suspended';

/** An owner of an organisation, as administrators see them. */
export interface OrgOwner {
  user_id: string;
  email: string;
  display_name: string;
}

/** An organisation with its owners and evidence. */
export interface AdminOrg extends Org {
  owners: OrgOwner[];
  created_at?: string;
}

export interface OrgFilter {
  state?: OrgState | '';
  kind?: string;
  q?: string;
  cursor?: string;
}

export function listOrgs(filter: OrgFilter, signal?: AbortSignal): Promise<Page<AdminOrg>> {
  return api.get<Page<AdminOrg>>('/admin/orgs', { query: { ...filter, limit: 20 }, signal });
}

const orgPath = (id: string, action: string) => `/admin/orgs/${encodeURIComponent(id)}/${action}`;

export function verifyOrg(id: string): Promise<Org> {
  return api.post<Org>(orgPath(id, 'verify'));
}

/** Declines an unverified organisation, or withdraws a verified one's verification; its owners read the reason. */
export function rejectOrg(id: string, reason: string, verified: boolean): Promise<Org> {
  return api.post<Org>(orgPath(id, verified ? 'unverify' : 'reject'), { reason });
}

export function suspendOrg(id: string, reason: string): Promise<Org> {
  return api.post<Org>(orgPath(id, 'suspend'), { reason });
}

export function reinstateOrg(id: string): Promise<Org> {
  return api.post<Org>(orgPath(id, 'reinstate'));
}

/** An account as administrators see it. */
export interface AdminUser {
  id: string;
  email: string;
  display_name: string;
  admin: boolean;
  email_verified: boolean;
  created_at: string;
  suspended: boolean;
  suspension_reason?: string;
}

export function listUsers(q: string, cursor?: string, signal?: AbortSignal): Promise<Page<AdminUser>> {
  return api.get<Page<AdminUser>>('/admin/users', { query: { q, cursor, limit: 20 }, signal });
}

const userPath = (id: string, action: string) => `/admin/users/${encodeURIComponent(id)}/${action}`;

export function suspendUser(id: string, reason: string): Promise<AdminUser> {
  return api.post<AdminUser>(userPath(id, 'suspend'), { reason });
}

export function reinstateUser(id: string): Promise<AdminUser> {
  return api.post<AdminUser>(userPath(id, 'reinstate'));
}

/** Ends the account's sessions and mails its holder a password reset link. */
export function resetSignIn(id: string): Promise<unknown> {
  return api.post(userPath(id, 'reset-sign-in'));
}

export function setAdmin(id: string, admin: boolean): Promise<AdminUser> {
  return admin ? api.put<AdminUser>(userPath(id, 'administrator'), undefined) : api.delete<AdminUser>(userPath(id, 'administrator'));
}

/** Unpublishes a course or a competition as moderation; its staff or hosts read the reason. */
export function unpublish(kind: 'course' | 'competition', slug: string, reason: string): Promise<unknown> {
  return kind === 'course'
    ? api.post(`/admin/courses/${encodeURIComponent(slug)}/unpublish`, { reason })
    : api.post(`/admin/competitions/${encodeURIComponent(slug)}/unpublish`, { reason });
}

/** One administrative action of the platform's audit log. */
export interface AuditEntry {
  id: string;
  action: string;
  actor_id: string;
  actor_email: string;
  target_kind: 'user' | 'organisation' | 'course' | 'competition' | string;
  target_id: string;
  target_label: string;
  reason?: string;
  at: string;
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  target?: string;
  cursor?: string;
}

/** The actions the audit log records, as the filter offers them. */
export const auditActions = [
  'org.verify',
  'org.reject',
  'org.unverify',
  'org.suspend',
  'org.reinstate',
  'user.suspend',
  'user.reinstate',
  'user.reset_sign_in',
  'user.grant_admin',
  'user.revoke_admin',
  'course.unpublish',
  'competition.unpublish',
] as const;

export function listAudit(filter: AuditFilter, signal?: AbortSignal): Promise<Page<AuditEntry>> {
  return api.get<Page<AuditEntry>>('/admin/audit', { query: { ...filter, limit: 50 }, signal });
}

/** The metrics of the platform dashboard, in the order it shows them. */
export const platformMetrics = [
  'learners',
  'active_learners',
  'enrolments',
  'completions',
  'credentials_issued',
  'credentials_revoked',
  'competitions',
  'submissions',
  'talent_pool',
  'talent_contacts',
] as const;

export type PlatformMetricName = (typeof platformMetrics)[number];

/** One metric of the platform dashboard: a value per week, oldest first, and its current total. */
export interface PlatformMetric {
  metric: PlatformMetricName;
  values: number[];
  total: number;
}

/** The platform dashboard: the last 26 ISO weeks and each metric over them. */
export interface PlatformStats {
  weeks: { id: string; start: string }[];
  metrics: PlatformMetric[];
  backfilled_at?: string;
}

export function getPlatformStats(signal?: AbortSignal): Promise<PlatformStats> {
  return api.get<PlatformStats>('/admin/platform-stats', { signal });
}
