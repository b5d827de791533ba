import { saveBlob } from '../lib/files';
import { api } from './client';
import type { Page } from './types';

// Team learning: a company's team (its owners and staff) and the teams an employee is in.

/** An invitation to a company's team. */
export interface TeamInvitation {
  id: string;
  org_id: string;
  org_name: string;
  email: string;
  status: string;
  created_at: string;
  expires_at: string;
}

/** A member of a company's team; sharing is their consent to show the company their learning. */
export interface TeamMember {
  org_id: string;
  user_id: string;
  display_name: string;
  email: string;
  joined_at: string;
  sharing: boolean;
  sharing_set_at?: string;
}

export interface PathCourse {
  course_id: string;
  slug: string;
  title: string;
  due?: string;
}

export interface LearningPath {
  id: string;
  org_id: string;
  name: string;
  courses: PathCourse[];
  created_at: string;
}

export interface Team {
  org_id: string;
  org_name: string;
  members: TeamMember[];
  paths: LearningPath[];
  occupations: { id: string; label: string }[];
  literacy_courses: string[];
}

export type CourseStatus = 'not-started' | 'in-progress' | 'completed';

export interface CourseProgress {
  slug: string;
  title: string;
  due?: string;
  status: CourseStatus;
  percent: number;
  completed_at?: string;
  overdue: boolean;
}

export interface TeamProgress {
  paths: { path: LearningPath; members: { user_id: string; display_name: string; courses: CourseProgress[] }[] }[];
  sharing: number;
  not_sharing: number;
}

export interface CourseRef {
  slug: string;
  title: string;
}

export interface TeamSkills {
  sharing: number;
  not_sharing: number;
  proven: { id: string; label: string; members: number }[];
  occupations: {
    id: string;
    label: string;
    covered: number;
    skills: { id: string; label: string; members: number; courses: CourseRef[] }[];
  }[];
}

export interface LiteracyRecord {
  org_id: string;
  org_name: string;
  generated_at: string;
  courses: CourseRef[];
  members: number;
  completed: {
    user_id: string;
    display_name: string;
    course: string;
    credential: string;
    credential_id: string;
    issued_at: string;
    verify_url: string;
  }[];
  not_yet: { user_id: string; display_name: string }[];
  not_sharing: number;
}

/** A team as its member sees it, with their own progress. */
export interface MyTeam {
  org_id: string;
  org_name: string;
  joined_at: string;
  sharing: boolean;
  sharing_set_at?: string;
  paths: { path_id: string; name: string; courses: CourseProgress[] }[];
}

/** An ESCO occupation as the occupation search lists it. */
export interface OccupationHit {
  id: string;
  code: string;
  label: string;
}

export async function findOccupations(q: string, signal?: AbortSignal): Promise<OccupationHit[]> {
  return (await api.get<Page<OccupationHit>>('/occupations', { query: { q, limit: 10 }, signal })).items;
}

export function getTeam(orgID: string, signal?: AbortSignal): Promise<Team> {
  return api.get<Team>(`/orgs/${encodeURIComponent(orgID)}/team`, { signal });
}

export function putTeamSettings(orgID: string, body: { occupations: string[]; literacy_courses: string[] }): Promise<Team> {
  return api.put<Team>(`/orgs/${encodeURIComponent(orgID)}/team/settings`, body);
}

export async function listTeamInvitations(orgID: string, signal?: AbortSignal): Promise<TeamInvitation[]> {
  return (await api.get<Page<TeamInvitation>>(`/orgs/${encodeURIComponent(orgID)}/team/invitations`, { signal })).items;
}

export function inviteToTeam(orgID: string, email: string): Promise<TeamInvitation> {
  return api.post<TeamInvitation>(`/orgs/${encodeURIComponent(orgID)}/team/invitations`, { email });
}

export function revokeTeamInvitation(orgID: string, id: string): Promise<void> {
  return api.delete<void>(`/orgs/${encodeURIComponent(orgID)}/team/invitations/${encodeURIComponent(id)}`);
}

export function removeTeamMember(orgID: string, userID: string): Promise<void> {
  return api.delete<void>(`/orgs/${encodeURIComponent(orgID)}/team/members/${encodeURIComponent(userID)}`);
}

export function createPath(orgID: string, body: { name: string; courses: { slug: string; due?: string }[] }): Promise<LearningPath> {
  return api.post<LearningPath>(`/orgs/${encodeURIComponent(orgID)}/team/paths`, body);
}

export function deletePath(orgID: string, pathID: string): Promise<void> {
  return api.delete<void>(`/orgs/${encodeURIComponent(orgID)}/team/paths/${encodeURIComponent(pathID)}`);
}

export function getTeamProgress(orgID: string, signal?: AbortSignal): Promise<TeamProgress> {
  return api.get<TeamProgress>(`/orgs/${encodeURIComponent(orgID)}/team/progress`, { signal });
}

export function getTeamSkills(orgID: string, lang: string, signal?: AbortSignal): Promise<TeamSkills> {
  return api.get<TeamSkills>(`/orgs/${encodeURIComponent(orgID)}/team/skills`, { query: { lang }, signal });
}

export function getLiteracyRecord(orgID: string, signal?: AbortSignal): Promise<LiteracyRecord> {
  return api.get<LiteracyRecord>(`/orgs/${encodeURIComponent(orgID)}/team/ai-literacy`, { signal });
}

/** Downloads the AI-literacy record as a dated CSV or PDF file the browser saves. */
export async function downloadLiteracyRecord(orgID: string, format: 'csv' | 'pdf'): Promise<void> {
  const { blob, filename } = await api.download(`/orgs/${encodeURIComponent(orgID)}/team/ai-literacy.${format}`);
  saveBlob(blob, filename);
}

export async function listMyTeams(signal?: AbortSignal): Promise<MyTeam[]> {
  return (await api.get<Page<MyTeam>>('/me/teams', { signal })).items;
}

export async function listMyTeamInvitations(signal?: AbortSignal): Promise<TeamInvitation[]> {
  return (await api.get<Page<TeamInvitation>>('/me/teams/invitations', { signal })).items;
}

export function acceptTeamInvitation(id: string): Promise<MyTeam> {
  return api.post<MyTeam>(`/me/teams/invitations/${encodeURIComponent(id)}/accept`);
}

export function declineTeamInvitation(id: string): Promise<void> {
  return api.post<void>(`/me/teams/invitations/${encodeURIComponent(id)}/decline`);
}

export function setTeamSharing(orgID: string, share: boolean): Promise<MyTeam> {
  return api.put<MyTeam>(`/me/teams/${encodeURIComponent(orgID)}/sharing`, { share });
}

export function leaveTeam(orgID: string): Promise<void> {
  return api.delete<void>(`/me/teams/${encodeURIComponent(orgID)}`);
}
