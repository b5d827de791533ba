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
  /** Whether the person administers the platform. */
  admin?: boolean;
  created_at?: string;
  /** Whether the person confirmed the address; answering invitations needs it. */
  email_verified?: boolean;
}

/** POST /auth/register and POST /me/email/verification answer this, whatever the email. */
export interface Accepted {
  status: 'accepted';
}

/** POST /auth/verify-email */
export interface VerifyEmailRequest {
  token: string;
}

/** A pending invitation to the signed-in person's address, as GET /me/invitations lists it. */
export interface MyInvitation {
  id: string;
  org_id: string;
  org_name: string;
  role: 'owner' | 'staff' | string;
  expires_at: string;
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

/**
 * The tokens POST /auth/login and POST /auth/refresh hand out. The web app asks for the refresh
 * token in an HttpOnly cookie, so refresh_token is absent from the body it gets.
 */
export interface Session {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  user: User;
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
export type SearchType = 'course' | 'programme' | 'competition';

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
  /** A competition's status: upcoming, running, finalising or finished. */
  status?: string;
  /** A competition's kind of metric: classification, probability, regression or ranking. */
  metric_type?: string;
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
/** Why an administrator unpublished a course or competition; its staff or hosts see it. */
export interface Moderation {
  reason: string;
  at: string;
}

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

/** A learner's place in a course, as enrolment and GET /me/courses answer. */
export interface Enrolment {
  id: string;
  course_id: string;
  course_slug: string;
  course_title: string;
  version: number;
  status: 'active' | 'completed' | 'withdrawn' | string;
  enrolled_at: string;
  pass_mark: number;
  required_done: number;
  required_total: number;
  progress_percent: number;
  grade_percent: number;
  completion?: { id: string; grade_percent: number; completed_at: string };
}

/** One past or running attempt at an assessment, in a progress view. */
export interface AttemptSummary {
  id: string;
  item: string;
  number: number;
  status: AttemptStatus;
  started_at: string;
  submitted_at?: string;
  percent?: number;
  passed?: boolean;
}

/** The learner's progress through one item of a course. */
export interface ItemProgress {
  /** module-id.item-id: how the API addresses the item. */
  ref: string;
  module_id: string;
  item_id: string;
  kind: 'lesson' | 'assessment';
  required: boolean;
  done: boolean;
  title: string;
  best_percent?: number;
  pass_mark?: number;
  graded_attempts?: number;
  attempts_allowed?: number;
  time_limit_minutes?: number;
  opens_at?: string;
  closes_at?: string;
  attempts?: AttemptSummary[];
}

/** GET /me/courses/:slug answer: the enrolment with every item's progress. */
export interface CourseProgress extends Enrolment {
  items: ItemProgress[];
}

/** Where an attempt is: answering, waiting for grading, graded, or waiting for a person to grade it. */
export type AttemptStatus = 'in_progress' | 'submitted' | 'graded' | 'needs_review';

/** The question types the assessment player renders. */
export type QuestionType =
  | 'single_choice'
  | 'multiple_response'
  | 'true_false'
  | 'numeric'
  | 'short_answer'
  | 'matching'
  | 'ordering'
  | 'cloze'
  | 'essay';

/** A choice, matching side or ordering item as a learner sees it. */
export interface PublicChoice {
  id: string;
  text: string;
}

/** A question as a learner sees it: no correct answers. */
export interface PublicQuestion {
  id: string;
  type: QuestionType;
  /** Markdown, rendered like lessons. */
  prompt: string;
  points: number;
  /** The group of questions sharing a stem that this one belongs to; they come one after the other. */
  group?: string;
  /** The group's stem in Markdown, shown above its first question. */
  stem?: string;
  options?: PublicChoice[];
  units?: string[];
  unit_required?: boolean;
  lefts?: PublicChoice[];
  rights?: PublicChoice[];
  items?: PublicChoice[];
  /** Cloze text with {{gap-id}} markers. */
  text?: string;
  gaps?: { id: string; options?: string[] }[];
  rubric?: { criterion: string; points: number; levels?: { points: number; description: string }[] }[];
  min_words?: number;
  max_words?: number;
}

/** An answer in the shape PUT /attempts/:id/answers/:question_id takes; one field per question type. */
export interface AnswerBody {
  choice?: string;
  choices?: string[];
  value?: boolean;
  number?: string;
  unit?: string;
  text?: string;
  matches?: Record<string, string>;
  order?: string[];
  gaps?: Record<string, string>;
}

/** How one question was graded, as the feedback policy allows. */
export interface QuestionResult {
  score: number;
  max_score: number;
  status: string;
  correct: boolean;
  feedback: {
    message: string;
    options?: { option_id: string; text: string }[];
    notes?: string[];
    explanation?: string;
  };
  solution?: { lines: string[]; option_ids?: string[] };
}

/** A question of an attempt with the saved answer and, when shown, its result. */
export interface AttemptQuestion {
  question: PublicQuestion;
  answer?: AnswerBody | null;
  /** Checked under immediate feedback: the answer can no longer change. */
  locked?: boolean;
  result?: QuestionResult;
}

/** GET /attempts/:id answer. */
export interface Attempt {
  id: string;
  /** Sent with every attempt; fixtures of the learner's pages may leave it out. */
  learner_id?: string;
  course_id: string;
  item: string;
  title: string;
  number: number;
  status: AttemptStatus;
  started_at: string;
  deadline?: string;
  submitted_at?: string;
  graded_at?: string;
  queue_position?: number;
  pass_mark: number;
  /** Until final (a teacher still has answers to grade), there is no verdict and awaiting_points are not graded yet. */
  score?: { score: number; max_score: number; percent: number; final: boolean; passed?: boolean; awaiting_points?: number };
  feedback_available: boolean;
  feedback_policy: string;
  questions: AttemptQuestion[];
  review_request?: { message: string; requested_at: string; resolved_at?: string; reply?: string };
}

/** PUT /attempts/:id/answers/:question_id answer. */
export interface AnswerSaved {
  question_id: string;
  answer: AnswerBody | null;
  saved_at: string;
}
