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
  sort?: string;
  fee_group?: string;
  ects_min?: string;
  ects_max?: string;
  eqf_min?: string;
  eqf_max?: string;
  tuition_max?: string;
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
  institution?: string;
  institution_name?: string;
  country?: string;
  language?: string;
  level?: string;
  eqf_level?: number;
  cycle?: string;
  ects?: number;
  delivery?: string;
  /** Matched fields as HTML whose only tags are <mark> and </mark>. */
  highlights?: { title?: string; summary?: string };
}

/** GET /search answer. */
export interface SearchResponse {
  hits: SearchHit[];
  total: number;
  /** Facet name → value → number of matching documents. */
  facets: Record<string, Record<string, number>>;
  next_cursor?: string;
}

/** A page of a catalogue list. */
export interface Page<T> {
  items: T[];
  next_cursor?: string;
}

/** A skill a course teaches, with the proficiency it reaches. */
export interface SkillRef {
  skill: string;
  proficiency: string;
}

/** A skill of the taxonomy (ESCO), labelled in several languages. */
export interface Skill {
  id: string;
  uri: string;
  type: string;
  labels: Record<string, string>;
  description?: string;
  label?: string;
}

/** What a course's syllabus tells about a quiz or exam. */
export interface AssessmentSummary {
  title: string;
  questions: number;
  pass_mark: number;
  attempts_allowed: number;
  time_limit_minutes: number;
  feedback: string;
}

/** A lesson or an assessment in a course module. */
export interface CourseItem {
  id: string;
  kind: 'lesson' | 'assessment';
  title: string;
  required: boolean;
  body?: string;
  video_url?: string;
  reading_minutes?: number;
  assessment_summary?: AssessmentSummary;
}

/** A module of a course. */
export interface CourseModule {
  id: string;
  title: string;
  summary: string;
  items: CourseItem[];
}

/** GET /courses/:slug answer: the latest published version of a course. */
export interface Course {
  id: string;
  slug: string;
  institution: string;
  institution_name: string;
  status: string;
  version: number;
  published_at?: string;
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
  credential: boolean;
  modules: CourseModule[];
}

/** A course in a list. */
export interface CourseSummary {
  id: string;
  slug: string;
  institution: string;
  title: string;
  summary: string;
  language: string;
  level: string;
  eqf_level: number;
  ects: number;
  workload_hours: number;
  credential: boolean;
}

/** One start date of a programme and its application deadlines. Dates are YYYY-MM-DD. */
export interface Intake {
  start: string;
  deadline_eu: string;
  deadline_non_eu: string;
}

/** What a programme costs one fee group. */
export interface Tuition {
  fee_group: string;
  amount: number;
  currency: string;
  period: string;
}

/** GET /programmes/:slug answer. */
export interface Programme {
  id: string;
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
  sample: boolean;
}

/** A programme in a list. */
export interface ProgrammeSummary {
  id: string;
  slug: string;
  title: string;
  institution: string;
  cycle: string;
  ects: number;
  eqf_level: number;
  country: string;
  city: string;
  delivery: string;
  study_mode: string;
  languages: string[];
  summary: string;
  sample: boolean;
}

/** A university or training provider. */
export interface Institution {
  id: string;
  slug: string;
  name: string;
  kind: string;
  country: string;
  city: string;
  website: string;
  logo_url: string;
  description: string;
  sample: boolean;
}

/** GET /institutions/:slug answer: the profile with its published programmes and courses. */
export interface InstitutionDetail extends Institution {
  programmes: ProgrammeSummary[];
  courses: CourseSummary[];
}
