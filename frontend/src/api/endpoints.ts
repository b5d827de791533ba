import { api } from './client';
import type {
  ChangePasswordRequest,
  Course,
  ForgotPasswordRequest,
  Institution,
  InstitutionDetail,
  LoginRequest,
  Page,
  Programme,
  RegisterRequest,
  ResetPasswordRequest,
  SearchParams,
  SearchResponse,
  Skill,
  Session,
  UpdateMeRequest,
  User,
} from './types';

// One typed function per API endpoint the web app calls.

export function register(body: RegisterRequest): Promise<User> {
  return api.post<User>('/auth/register', body);
}

/** Signs in and starts the client's session. */
export async function login(body: LoginRequest): Promise<Session> {
  const session = await api.post<Session>('/auth/login', body);
  api.startSession(session);
  return session;
}

/** Revokes the refresh token on the server (best effort) and ends the session locally. */
export async function logout(): Promise<void> {
  const refreshToken = api.refreshToken();
  try {
    if (refreshToken) {
      await api.post<void>('/auth/logout', { refresh_token: refreshToken });
    }
  } finally {
    api.endSession();
  }
}

export function forgotPassword(body: ForgotPasswordRequest): Promise<void> {
  return api.post<void>('/auth/password/forgot', body);
}

export function resetPassword(body: ResetPasswordRequest): Promise<void> {
  return api.post<void>('/auth/password/reset', body);
}

export function getMe(signal?: AbortSignal): Promise<User> {
  return api.get<User>('/me', { signal });
}

export function updateMe(body: UpdateMeRequest): Promise<User> {
  return api.patch<User>('/me', body);
}

export function changePassword(body: ChangePasswordRequest): Promise<void> {
  return api.post<void>('/me/password', body);
}

export function search(params: SearchParams, signal?: AbortSignal): Promise<SearchResponse> {
  const { filters, ...rest } = params;
  return api.get<SearchResponse>('/search', { query: { ...filters, ...rest }, signal });
}

export function getCourse(slug: string, signal?: AbortSignal): Promise<Course> {
  return api.get<Course>(`/courses/${encodeURIComponent(slug)}`, { signal });
}

export function getProgramme(slug: string, signal?: AbortSignal): Promise<Programme> {
  return api.get<Programme>(`/programmes/${encodeURIComponent(slug)}`, { signal });
}

export function getInstitution(slug: string, signal?: AbortSignal): Promise<InstitutionDetail> {
  return api.get<InstitutionDetail>(`/institutions/${encodeURIComponent(slug)}`, { signal });
}

export function listInstitutions(cursor?: string, signal?: AbortSignal): Promise<Page<Institution>> {
  return api.get<Page<Institution>>('/institutions', { query: { limit: 100, cursor }, signal });
}

export function getSkill(id: string, signal?: AbortSignal): Promise<Skill> {
  return api.get<Skill>(`/skills/${encodeURIComponent(id)}`, { signal });
}
