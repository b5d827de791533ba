import { api } from './client';
import type { Page } from './types';

// The credentials endpoints: the wallet, public verification and staff actions.

/** Where a credential stands: only an active one verifies as valid. */
export type CredentialStatus = 'active' | 'suspended' | 'revoked';

/** A credential as the wallet and staff see it, with the links to use it. */
export interface WalletCredential {
  id: string;
  /** The achievement: the course's title when it was awarded. */
  name: string;
  achievement_id: string;
  issuer_name: string;
  issuer_slug: string;
  micro_credential: boolean;
  issued_at: string;
  valid_until?: string;
  status: CredentialStatus;
  credential_url: string;
  verify_url: string;
  json_url: string;
  jwt_url: string;
  certificate_url: string;
  /** Opens LinkedIn's "Add licence or certification" form, filled in. */
  linkedin_url: string;
}

/** The checks a verification runs, in order. */
export type VerificationStepName =
  'format' | 'issuer_key' | 'signature' | 'matches_signed' | 'claims' | 'validity_period' | 'revocation' | 'suspension' | 'content';

/** One check of a verification and what it found. */
export interface VerificationStep {
  name: VerificationStepName | string;
  ok: boolean;
  detail: string;
}

/** The outcome of a verification; only "valid" means the credential can be trusted. */
export type Verdict =
  | 'valid'
  | 'malformed'
  | 'unknown_credential'
  | 'unknown_key'
  | 'unsupported_algorithm'
  | 'tampered'
  | 'invalid'
  | 'revoked'
  | 'suspended'
  | 'expired'
  | 'not_yet_valid'
  | 'incomplete';

/** A credential checked step by step. */
export interface Verification {
  valid: boolean;
  verdict: Verdict | string;
  /** Why, in the verifier's words; for a revoked credential it carries the issuer's reason. */
  reason: string;
  credential_id?: string;
  checked_at: string;
  steps: VerificationStep[];
  /** The signed Open Badges 3.0 credential, present once its signature holds. */
  credential?: Record<string, unknown>;
  /**
   * The holder's name as printed on the certificate, for a credential issued here; the
   * signed credential identifies the holder by a hashed email address only.
   */
  holder_name?: string;
}

/** The path of a credential's resources under the API, for links and downloads. */
export function credentialPath(id: string, resource: '' | 'certificate.pdf' | 'credential.jwt' = ''): string {
  const base = `/api/v1/credentials/${encodeURIComponent(id)}`;
  return resource ? `${base}/${resource}` : base;
}

/** The public page where anyone can check a credential, on this site. */
export function verificationPageURL(id: string, origin: string = window.location.origin): string {
  return `${origin}/verify/${encodeURIComponent(id)}`;
}

export function listMyCredentials(cursor?: string, signal?: AbortSignal): Promise<Page<WalletCredential>> {
  return api.get<Page<WalletCredential>>('/me/credentials', { query: { limit: 50, cursor }, signal });
}

export function getVerification(id: string, signal?: AbortSignal): Promise<Verification> {
  return api.get<Verification>(`/credentials/${encodeURIComponent(id)}/verification`, { signal });
}

/**
 * Verifies a credential someone was given: its VC-JWT (compact JWS), or its JSON,
 * whose signed original the server looks up. Text that starts like JSON but does
 * not parse throws a SyntaxError before any request.
 */
export function verifyCredential(given: string): Promise<Verification> {
  const trimmed = given.trim();
  const body = trimmed.startsWith('{') ? { credential: JSON.parse(trimmed) as unknown } : { jwt: trimmed };
  return api.post<Verification>('/credentials/verify', body);
}

/** Revokes a credential for good; the reason is shown to whoever verifies it. */
export function revokeCredential(id: string, reason: string): Promise<WalletCredential> {
  return api.post<WalletCredential>(`/credentials/${encodeURIComponent(id)}/revoke`, { reason });
}

/** What a person checking a credential wants to read from its Open Badges 3.0 JSON. */
export interface CredentialFacts {
  achievement?: string;
  description?: string;
  language?: string;
  issuer?: string;
  issuerURL?: string;
  issuerCountry?: string;
  learner?: string;
  awarded?: string;
  validUntil?: string;
  workloadHours?: number;
  ects?: number;
  eqfLevel?: number;
  /** The result, such as "87.5", with its scale when the credential states it. */
  grade?: { value: string; percent: boolean };
  /** A ranked result's place, from 1, among `of` entrants when the credential says how many. */
  place?: { value: number; of?: number };
  /** A ranked result's score by the achievement's metric, as the credential writes it. */
  score?: string;
  microCredential: boolean;
  learningOutcomes: string[];
  assessmentType?: string;
  /** A participation code (online, on-campus, blended, hybrid), or the credential's own words. */
  participation?: string;
  qualityAssurance?: string;
  /** The skills the achievement aligns to, ESCO ones with their concept URI. */
  skills: { label: string; url?: string; esco: boolean }[];
}

type Json = Record<string, unknown>;

function object(v: unknown): Json | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

function number(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The modes of learning of the EU vocabulary, by the participation codes the catalogue uses. */
const LEARNING_MODES: Record<string, string> = {
  'http://data.europa.eu/snb/learning-assessment/920fbb3cbe': 'online',
  'http://data.europa.eu/snb/learning-assessment/9191af2ed9': 'on-campus',
  'http://data.europa.eu/snb/learning-assessment/e92d221e4d': 'blended',
  'http://data.europa.eu/snb/learning-assessment/c_3a90b26d': 'hybrid',
};

const EQF_CONCEPT = 'http://data.europa.eu/snb/eqf/';
const ESCO_CONCEPT = 'http://data.europa.eu/esco/';

function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.map(object).filter((o): o is Json => o !== undefined) : [];
}

/** The text of an ELM language map ({"de": "…"}), in the given language when it has it. */
function languageMap(v: unknown, language?: string): string | undefined {
  const map = object(v);
  if (!map) {
    return text(v);
  }
  return text(language ? map[language] : undefined) ?? Object.values(map).map(text).find(Boolean);
}

/** Hours of an xsd:duration such as PT125H or P1DT2H. */
function durationHours(v: unknown): number | undefined {
  const m = typeof v === 'string' ? /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?)?$/.exec(v) : null;
  if (!m || v === 'P' || v === 'PT') {
    return undefined;
  }
  return number(Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 60);
}

/**
 * The learner's name when the credential carries it in the clear: as the subject's
 * name, or as an unhashed identifier of type "name". Hashed identifiers stay private.
 */
function learnerName(subject: Json): string | undefined {
  const named = text(subject.name);
  if (named) {
    return named;
  }
  const ids = Array.isArray(subject.identifier) ? subject.identifier : [];
  for (const entry of ids.map(object)) {
    if (entry && entry.hashed !== true && entry.identityType === 'name') {
      return text(entry.identityHash);
    }
  }
  return undefined;
}

/** The result types of a ranked achievement (a competition's placement): its place and its score. */
const PLACE_RESULT = 'ext:Place';
const SCORE_RESULT = 'RawScore';

/** The subject's results by their descriptions: a place and a score are not a grade. */
function results(subject: Json, achievement: Json): Pick<CredentialFacts, 'grade' | 'place' | 'score'> {
  const descriptions = list(achievement.resultDescription);
  const out: Pick<CredentialFacts, 'grade' | 'place' | 'score'> = {};
  for (const result of list(subject.result)) {
    const value = text(result.value);
    if (!value) {
      continue;
    }
    const description = descriptions.find((d) => d.id === result.resultDescription);
    switch (description?.resultType) {
      case PLACE_RESULT: {
        const place = number(value);
        if (place !== undefined && Number.isInteger(place)) {
          out.place ??= { value: place, of: number(description.valueMax) };
        }
        break;
      }
      case SCORE_RESULT:
        out.score ??= value;
        break;
      default:
        out.grade ??= { value, percent: description?.resultType === 'Percent' };
    }
  }
  return out;
}

/**
 * Reads the facts from a credential; anything missing or malformed is left out. The EU
 * micro-credential elements are read in European Learning Model terms and, for credentials
 * issued before them, in the platform's earlier private terms.
 */
export function credentialFacts(credential: Json | undefined): CredentialFacts {
  const subject = object(credential?.credentialSubject) ?? {};
  const achievement = object(subject.achievement) ?? {};
  const issuer = object(credential?.issuer) ?? {};
  const address = object(issuer.address) ?? {};
  const language = text(achievement.inLanguage);
  const alignments = list(achievement.alignment);
  const eqf = alignments.map((a) => text(a.targetUrl)).find((url) => url?.startsWith(EQF_CONCEPT));
  const outcomes = [
    ...list(achievement.learningOutcome).map((o) => languageMap(o.title, language)),
    ...(Array.isArray(achievement.learningOutcomes) ? achievement.learningOutcomes.map(text) : []),
  ].filter((o): o is string => o !== undefined);
  const mode = text(achievement.mode);
  return {
    achievement: text(achievement.name) ?? text(credential?.name),
    description: text(achievement.description),
    language,
    issuer: text(issuer.name),
    issuerURL: text(issuer.url),
    issuerCountry: text(address.addressCountryCode),
    learner: learnerName(subject),
    awarded: text(credential?.awardedDate) ?? text(credential?.validFrom),
    validUntil: text(credential?.validUntil),
    workloadHours: durationHours(achievement.volumeOfLearning) ?? number(achievement.workloadHours),
    ects: number(object(achievement.creditPoint)?.point) ?? number(achievement.ectsCredits) ?? number(achievement.creditsAvailable),
    eqfLevel: number(eqf?.slice(EQF_CONCEPT.length)) ?? number(achievement.eqfLevel),
    ...results(subject, achievement),
    microCredential: achievement.achievementType === 'MicroCredential',
    learningOutcomes: outcomes,
    assessmentType: languageMap(object(achievement.provenBy)?.title, language) ?? text(achievement.assessmentType),
    participation: (mode && LEARNING_MODES[mode]) ?? text(achievement.participationForm),
    qualityAssurance: languageMap(object(achievement.accreditation)?.title, language) ?? text(achievement.qualityAssurance),
    skills: alignments
      .filter((a) => !text(a.targetUrl)?.startsWith(EQF_CONCEPT))
      .map((a) => ({ label: text(a.targetName), url: text(a.targetUrl), esco: !!text(a.targetUrl)?.startsWith(ESCO_CONCEPT) }))
      .filter((a): a is { label: string; url: string | undefined; esco: boolean } => a.label !== undefined),
  };
}
