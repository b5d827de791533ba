import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Card } from '../api/talent';
import { Fact } from '../components/Fact';
import { useFormat } from '../i18n/format';

/**
 * What a company sees of a candidate: the name only once they accepted its contact
 * request, else the pseudonym; the skills with their evidence, each verified one with
 * links to its public verification page; and what the candidate chose to show.
 */
export function CandidateFacts({ card, headingID, heading }: { card: Card; headingID: string; heading?: ReactNode }) {
  const { t } = useTranslation();
  const format = useFormat();
  const wa = card.work_authorisation;
  return (
    <>
      <h2 id={headingID} className="hit-title">
        {heading ?? (card.identity ? card.identity.name : card.pseudonym)}
      </h2>
      {card.identity ? (
        <p>
          {t('recruit.identityShown', { pseudonym: card.pseudonym })} <a href={`mailto:${card.identity.email}`}>{card.identity.email}</a>
        </p>
      ) : (
        <p className="field-hint">{t('recruit.pseudonymous')}</p>
      )}
      {card.headline && <p>{card.headline}</p>}
      <dl className="facts facts-row">
        {card.occupations.length > 0 && <Fact term={t('talent.fields.occupations')}>{format.list(card.occupations.map((o) => o.label))}</Fact>}
        {card.country && <Fact term={t('talent.fields.country')}>{format.countryName(card.country)}</Fact>}
        {card.remote !== undefined && <Fact term={t('talent.fields.remote')}>{card.remote ? t('common.yes') : t('common.no')}</Fact>}
        {card.available_from && <Fact term={t('talent.fields.available_from')}>{format.day(card.available_from)}</Fact>}
        {card.languages && card.languages.length > 0 && (
          <Fact term={t('talent.fields.languages')}>
            {format.list(card.languages.map((l) => `${format.languageName(l.code)} ${l.cefr}`))}
          </Fact>
        )}
        <Fact term={t('talent.fields.work_authorisation')}>
          {[
            wa.right_to_work.length > 0 && t('recruit.rightToWork', { countries: format.list(wa.right_to_work.map(format.countryName)) }),
            wa.needs_permit && t('recruit.needsPermit'),
          ]
            .filter(Boolean)
            .join(' ') || '—'}
        </Fact>
      </dl>
      {card.skills.length > 0 && (
        <ul className="talent-skills" aria-label={t('recruit.skillsOf', { pseudonym: card.pseudonym })}>
          {card.skills.map((s) => (
            <li key={s.skill}>
              {s.label}{' '}
              <span className={s.evidence === 'self_declared' ? 'badge badge-note' : 'badge'}>{t(`talent.evidence.${s.evidence}`)}</span>
              {s.verify_urls.map((url, k) => (
                <span key={url}>
                  {' '}
                  <a href={url}>
                    {t('talent.explain.checkCredential', { number: k + 1 })}
                    {' '}
                        <span className="visually-hidden">{t('talent.explain.forSkill', { skill: s.label })}</span>
                  </a>
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
