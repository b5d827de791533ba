// Request and response bodies of the Academy JSON API (/api/v1). Field names
// follow the API: snake_case.

/** One bad field of a rejected request. */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as every failed API call answers. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  request_id?: string;
  errors?: FieldError[];
}

/** A UI language the academy speaks. */
export type Language = 'en' | 'fr' | 'de';

/** The signed-in person, as GET /me answers. */
export interface User {
  id: string;
  email: string;
  display_name: string;
  language: Language;
  roles: string[];
  created_at?: string;
}

/** POST /auth/register */
export interface RegisterRequest {
  email: string;
  password: string;
  display_name: string;
  language: Language;
}

/** POST /auth/login */
export interface LoginRequest {
  email: string;
  password: string;
}

/** The tokens POST /auth/login and POST /auth/refresh hand out. */
export interface Session {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  user: User;
}

/** POST /auth/refresh */
export interface RefreshRequest {
  refresh_token: string;
}

/** POST /auth/logout */
export interface LogoutRequest {
  refresh_token: string;
}

/** POST /auth/password/forgot */
export interface ForgotPasswordRequest {
  email: string;
}

/** POST /auth/password/reset */
export interface ResetPasswordRequest {
  token: string;
  password: string;
}

/** PATCH /me */
export interface UpdateMeRequest {
  display_name?: string;
  language?: Language;
}

/** POST /me/password */
export interface ChangePasswordRequest {
  current_password: string;
  new_password: string;
}

/** The kinds of documents search finds. */
export type SearchType = 'course' | 'programme';

/** GET /search query parameters. Facet filters are sent as repeated `name=value` parameters. */
export interface SearchParams {
  q?: string;
  type?: SearchType;
  limit?: number;
  cursor?: string;
  filters?: Record<string, string[]>;
}

/** One search result. */
export interface SearchHit {
  type: SearchType;
  id: string;
  slug: string;
  title: string;
  summary?: string;
  /** Matched fields as HTML whose only tags are <mark> and </mark>. */
  highlights?: { title?: string; summary?: string };
  [field: string]: unknown;
}

/** GET /search answer. */
export interface SearchResponse {
  hits: SearchHit[];
  total: number;
  /** Facet name → value → number of matching documents. */
  facets: Record<string, Record<string, number>>;
  next_cursor?: string;
}

/** GET /courses/:slug answer (the fields the web app reads so far). */
export interface Course {
  id: string;
  slug: string;
  title: string;
  summary?: string;
}

/** GET /programmes/:slug answer (the fields the web app reads so far). */
export interface Programme {
  id: string;
  slug: string;
  title: string;
  summary?: string;
}
