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
  microCredential: boolean;
  learningOutcomes: string[];
  assessmentType?: string;
  participation?: string;
  qualityAssurance?: string;
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

function grade(subject: Json, achievement: Json): CredentialFacts['grade'] {
  const results = Array.isArray(subject.result) ? subject.result.map(object) : [];
  const descriptions = Array.isArray(achievement.resultDescription) ? achievement.resultDescription.map(object) : [];
  for (const result of results) {
    const value = text(result?.value);
    if (value) {
      const description = descriptions.find((d) => d?.id === result?.resultDescription);
      return { value, percent: description?.resultType === 'Percent' };
    }
  }
  return undefined;
}

/** Reads the facts from a credential; anything missing or malformed is left out. */
export function credentialFacts(credential: Json | undefined): CredentialFacts {
  const subject = object(credential?.credentialSubject) ?? {};
  const achievement = object(subject.achievement) ?? {};
  const issuer = object(credential?.issuer) ?? {};
  const address = object(issuer.address) ?? {};
  const outcomes = Array.isArray(achievement.learningOutcomes)
    ? achievement.learningOutcomes.filter((o): o is string => typeof o === 'string')
    : [];
  return {
    achievement: text(achievement.name) ?? text(credential?.name),
    description: text(achievement.description),
    language: text(achievement.inLanguage),
    issuer: text(issuer.name),
    issuerURL: text(issuer.url),
    issuerCountry: text(address.addressCountryCode),
    learner: learnerName(subject),
    awarded: text(credential?.awardedDate) ?? text(credential?.validFrom),
    validUntil: text(credential?.validUntil),
    workloadHours: number(achievement.workloadHours),
    ects: number(achievement.ectsCredits) ?? number(achievement.creditsAvailable),
    eqfLevel: number(achievement.eqfLevel),
    grade: grade(subject, achievement),
    microCredential: achievement.achievementType === 'MicroCredential',
    learningOutcomes: outcomes,
    assessmentType: text(achievement.assessmentType),
    participation: text(achievement.participationForm),
    qualityAssurance: text(achievement.qualityAssurance),
  };
}
