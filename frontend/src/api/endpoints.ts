import { api } from './client';
import type {
  Accepted,
  AnswerBody,
  AnswerSaved,
  Attempt,
  AttemptQuestion,
  ChangePasswordRequest,
  Course,
  CourseProgress,
  Enrolment,
  ForgotPasswordRequest,
  Institution,
  InstitutionDetail,
  LoginRequest,
  MyInvitation,
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
  VerifyEmailRequest,
} from './types';

// One typed function per API endpoint the web app calls.

/** Asks to open an account: the answer is the same whether or not the email is taken. */
export function register(body: RegisterRequest): Promise<Accepted> {
  return api.post<Accepted>('/auth/register', body);
}

export function verifyEmail(body: VerifyEmailRequest): Promise<void> {
  return api.post<void>('/auth/verify-email', body);
}

export function resendVerification(): Promise<Accepted> {
  return api.post<Accepted>('/me/email/verification', {});
}

export async function listMyInvitations(signal?: AbortSignal): Promise<MyInvitation[]> {
  return (await api.get<Page<MyInvitation>>('/me/invitations', { signal })).items;
}

export function acceptInvitation(id: string): Promise<unknown> {
  return api.post<unknown>(`/me/invitations/${encodeURIComponent(id)}/accept`, {});
}

export function declineInvitation(id: string): Promise<void> {
  return api.post<void>(`/me/invitations/${encodeURIComponent(id)}/decline`, {});
}

/** Signs in and starts the client's session. */
export async function login(body: LoginRequest): Promise<Session> {
  const session = await api.post<Session>('/auth/login', body);
  api.startSession(session);
  return session;
}

/** Revokes the session on the server, which clears its cookie (best effort), and ends it locally. */
export async function logout(): Promise<void> {
  try {
    if (api.hasSession()) {
      await api.post<void>('/auth/logout', {});
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

/** Deletes the signed-in person's account, confirmed with its password. */
export function deleteAccount(password: string): Promise<void> {
  return api.post<void>('/me/deletion', { password });
}

/** The longest search text the API accepts, in characters; it refuses longer. */
export const MAX_SEARCH_LENGTH = 200;

export function search(params: SearchParams, signal?: AbortSignal): Promise<SearchResponse> {
  const { filters, ...rest } = params;
  return api.get<SearchResponse>('/search', { query: { ...filters, ...rest }, signal });
}

export async function getCourse(slug: string, signal?: AbortSignal): Promise<Course> {
  const course = await api.get<Course>(`/courses/${encodeURIComponent(slug)}`, { signal });
  // Courses stored before the API answered [] for absent lists may carry null.
  const lists = course as Partial<Pick<Course, 'instructors' | 'skills' | 'prerequisites' | 'learning_outcomes' | 'modules'>>;
  return {
    ...course,
    instructors: lists.instructors ?? [],
    skills: lists.skills ?? [],
    prerequisites: lists.prerequisites ?? [],
    learning_outcomes: lists.learning_outcomes ?? [],
    modules: lists.modules ?? [],
  };
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

/** Enrols the signed-in learner (201), or returns the enrolment they already have (200). */
export function enrol(slug: string): Promise<Enrolment> {
  return api.post<Enrolment>(`/courses/${encodeURIComponent(slug)}/enrolment`, {});
}

export function listMyCourses(cursor?: string, signal?: AbortSignal): Promise<Page<Enrolment>> {
  return api.get<Page<Enrolment>>('/me/courses', { query: { limit: 50, cursor }, signal });
}

export function getMyCourse(slug: string, signal?: AbortSignal): Promise<CourseProgress> {
  return api.get<CourseProgress>(`/me/courses/${encodeURIComponent(slug)}`, { signal });
}

/** Marks a lesson as done; ref is module-id.item-id. */
export function completeItem(slug: string, ref: string): Promise<CourseProgress> {
  return api.post<CourseProgress>(`/me/courses/${encodeURIComponent(slug)}/items/${encodeURIComponent(ref)}/complete`);
}

/** Starts an attempt at an assessment, or returns the one in progress. */
export function startAttempt(slug: string, ref: string): Promise<Attempt> {
  return api.post<Attempt>(`/assessments/${encodeURIComponent(slug)}/${encodeURIComponent(ref)}/attempts`);
}

/**
 * Gets an attempt. With waitForGrade, a submitted attempt is answered once graded, or as it
 * stands after about 25 seconds: the server tells the grade without the page polling.
 */
export function getAttempt(id: string, signal?: AbortSignal, waitForGrade = false): Promise<Attempt> {
  return api.get<Attempt>(`/attempts/${encodeURIComponent(id)}`, { query: waitForGrade ? { wait: 'grade' } : undefined, signal });
}

export function saveAnswer(attemptId: string, questionId: string, answer: AnswerBody): Promise<AnswerSaved> {
  return api.put<AnswerSaved>(`/attempts/${encodeURIComponent(attemptId)}/answers/${encodeURIComponent(questionId)}`, answer);
}

/** Shows the result of one question under immediate feedback and locks its answer, the one given. */
export function checkAnswer(attemptId: string, questionId: string, answer: AnswerBody): Promise<AttemptQuestion> {
  return api.post<AttemptQuestion>(`/attempts/${encodeURIComponent(attemptId)}/questions/${encodeURIComponent(questionId)}/check`, answer);
}

/** Submits an attempt for grading; the key makes a repeated submission (a retry) harmless. */
export function submitAttempt(attemptId: string): Promise<Attempt> {
  return api.post<Attempt>(`/attempts/${encodeURIComponent(attemptId)}/submit`, undefined, {
    headers: { 'Idempotency-Key': `submit-${attemptId}` },
  });
}

export function requestReview(attemptId: string, message: string): Promise<Attempt> {
  return api.post<Attempt>(`/attempts/${encodeURIComponent(attemptId)}/review-request`, { message });
}
