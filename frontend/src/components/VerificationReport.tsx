import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { credentialFacts, type Verification } from '../api/credentials';
import { useFormat } from '../i18n/format';
import { useLabels } from '../i18n/labels';
import { Fact } from './Fact';

/** The verdicts that have their own wording; others read as "invalid". */
const KNOWN_VERDICTS = new Set([
  'valid',
  'malformed',
  'unknown_credential',
  'unknown_key',
  'unsupported_algorithm',
  'tampered',
  'invalid',
  'revoked',
  'suspended',
  'expired',
  'not_yet_valid',
  'incomplete',
]);

interface Props {
  verification: Verification;
  /** The level of the report's headings, so it fits under the page's own. */
  level: 2 | 3;
  /** Makes the ids of the report unique on a page showing two. */
  idPrefix: string;
  /** The verdict heading, to move focus to when the report appears after a request. */
  verdictRef?: Ref<HTMLHeadingElement>;
}

/**
 * A verification as a person reads it: the overall verdict first, then what the
 * credential says, then every check with what it found.
 */
export function VerificationReport({ verification: v, level, idPrefix, verdictRef }: Props) {
  const { t, i18n } = useTranslation();
  const i18nLanguage = i18n.language;
  const format = useFormat();
  const labels = useLabels();
  const Heading = level === 2 ? 'h2' : 'h3';
  const Sub = level === 2 ? 'h3' : 'h4';
  const verdict = KNOWN_VERDICTS.has(v.verdict) ? v.verdict : 'invalid';
  const facts = credentialFacts(v.credential);
  const holder = v.holder_name ?? facts.learner;
  const ids = { verdict: `${idPrefix}-verdict`, details: `${idPrefix}-details`, steps: `${idPrefix}-steps` };

  return (
    <div className="verification">
      <section className={v.valid ? 'verdict verdict-valid' : 'verdict verdict-invalid'} aria-labelledby={ids.verdict}>
        <Heading id={ids.verdict} ref={verdictRef} tabIndex={-1}>
          <span className="verdict-mark" aria-hidden="true">
            {v.valid ? '✓' : '✗'}
          </span>{' '}
          {t(`verify.verdicts.${verdict}.title`)}
        </Heading>
        <p>{t(`verify.verdicts.${verdict}.body`)}</p>
        {!v.valid && v.reason && (
          <p>
            <strong>{t('verify.reason')}</strong> <span lang="en">{v.reason}</span>
          </p>
        )}
        <p className="verdict-checked">
          {t('verify.checkedAt', { date: format.date(v.checked_at, { dateStyle: 'long', timeStyle: 'short' }) })}
        </p>
      </section>

      {v.credential && (
        <section aria-labelledby={ids.details}>
          <Heading id={ids.details}>{t('verify.detailsTitle')}</Heading>
          <dl className="facts facts-row">
            {facts.achievement && (
              <Fact term={facts.microCredential ? t('verify.microCredential') : t('verify.achievement')}>
                <span lang={facts.language}>{facts.achievement}</span>
              </Fact>
            )}
            {facts.issuer && (
              <Fact term={t('verify.issuer')}>
                {facts.issuerURL ? (
                  <a href={facts.issuerURL} rel="noopener noreferrer">
                    {facts.issuer}
                  </a>
                ) : (
                  facts.issuer
                )}
                {facts.issuerCountry && ` (${format.countryName(facts.issuerCountry)})`}
              </Fact>
            )}
            {holder && (
              <Fact term={t('verify.learner')}>
                {holder}
                {v.holder_name && <span className="fact-note"> {t('verify.holderNote')}</span>}
              </Fact>
            )}
            {facts.awarded && (
              <Fact term={t('verify.awarded')}>
                <time dateTime={facts.awarded}>{format.date(facts.awarded)}</time>
              </Fact>
            )}
            {facts.validUntil && (
              <Fact term={t('verify.validUntil')}>
                <time dateTime={facts.validUntil}>{format.date(facts.validUntil)}</time>
              </Fact>
            )}
            {facts.workloadHours !== undefined && (
              <Fact term={t('verify.workload')}>{t('verify.hours', { count: facts.workloadHours })}</Fact>
            )}
            {facts.ects !== undefined && <Fact term={t('verify.ects')}>{format.number(facts.ects)}</Fact>}
            {facts.eqfLevel !== undefined && <Fact term={t('verify.eqf')}>{labels.eqf(facts.eqfLevel)}</Fact>}
            {facts.grade && (
              <Fact term={t('verify.grade')}>
                {facts.grade.percent ? t('verify.percent', { value: format.number(Number(facts.grade.value)) }) : facts.grade.value}
              </Fact>
            )}
            {facts.place && (
              <Fact term={t('verify.place')}>
                {facts.place.of
                  ? t('verify.placeOf', { place: format.number(facts.place.value), entrants: format.number(facts.place.of) })
                  : format.number(facts.place.value)}
              </Fact>
            )}
            {facts.score && (
              <Fact term={t('verify.score')}>
                {Number.isFinite(Number(facts.score)) ? format.number(Number(facts.score), { maximumFractionDigits: 5 }) : facts.score}
              </Fact>
            )}
            {facts.participation && <Fact term={t('verify.participation')}>{labels.of('participation', facts.participation)}</Fact>}
            {facts.assessmentType && (
              <Fact term={t('verify.assessment')}>
                <span lang={facts.language}>{facts.assessmentType}</span>
              </Fact>
            )}
            {facts.qualityAssurance && (
              <Fact term={t('verify.qualityAssurance')}>
                <span lang={facts.language}>{facts.qualityAssurance}</span>
              </Fact>
            )}
          </dl>
          {facts.skills.length > 0 && (
            <>
              <Sub>{t('verify.skills')}</Sub>
              <ul className="checklist" lang={facts.language}>
                {facts.skills.map((s) => (
                  <li key={s.url ?? s.label}>
                    {s.esco && s.url ? (
                      <a href={s.url} rel="noopener noreferrer">
                        {s.label}
                      </a>
                    ) : (
                      s.label
                    )}
                    {s.esco && <span className="fact-note" lang={i18nLanguage}> {t('verify.escoSkill')}</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
          {facts.learningOutcomes.length > 0 && (
            <>
              <Sub>{t('verify.outcomes')}</Sub>
              <ul className="checklist" lang={facts.language}>
                {facts.learningOutcomes.map((o) => (
                  <li key={o}>{o}</li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}

      <section aria-labelledby={ids.steps}>
        <Heading id={ids.steps}>{t('verify.stepsTitle')}</Heading>
        <ol className="verify-steps">
          {v.steps.map((step) => (
            <li key={step.name} className={step.ok ? 'verify-step verify-step-ok' : 'verify-step verify-step-failed'}>
              <span className="verify-step-mark" aria-hidden="true">
                {step.ok ? '✓' : '✗'}
              </span>
              <div>
                <p className="verify-step-name">
                  <span className="visually-hidden">{step.ok ? t('verify.passed') : t('verify.failed')}: </span>
                  {t(`verify.steps.${step.name}`, { defaultValue: step.name })}
                </p>
                <p className="verify-step-detail" lang="en">
                  {step.detail}
                </p>
              </div>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
